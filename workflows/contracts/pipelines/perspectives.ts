import type { LiveMode } from '../live.js';
// `POST /pipelines/perspectives`: one text (or every document of a file) analysed from several
// angles at once.
import type { Usage } from '../usage.js';

export const ANALYZERS = ['sentiment', 'entities', 'summary', 'keywords'] as const;
export type AnalyzerName = (typeof ANALYZERS)[number];
export const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'] as const;

export interface Entities {
  people: string[];
  organizations: string[];
  places: string[];
  other: string[];
}

export interface PerspectivesPipelineInput {
  /** Live events: "tokens" also streams the text of every model call as it is generated. */
  stream?: LiveMode;
  /** One text, or `source`: a file under the data folder, one document a line. */
  text?: string;
  source?: { type: 'lines'; path: string; format?: 'text' | 'jsonl' };
  analyzers?: AnalyzerName[];
  /** The API fills in the first configured model when absent. */
  model: string;
}

export interface TextAnalysis {
  sentiment?: string;
  entities?: Entities;
  summary?: string;
  keywords?: string[];
}

export interface CorpusReport {
  documents: number;
  sentiment?: Record<string, number>;
  entities?: Array<{ name: string; kind: keyof Entities; count: number }>;
  keywords?: Array<{ keyword: string; count: number }>;
  summary?: string;
}

export interface PerspectivesPipelineResult {
  /** For one text: each analyzer's answer. */
  analysis?: TextAnalysis;
  /** For a file: the corpus report. */
  corpus?: CorpusReport;
  analyzers: Array<{ name: AnalyzerName; status: string; error?: string }>;
  usage: Usage;
}

/** A corpus larger than this is refused (its per-document results pass through history). */
export const PERSPECTIVES_MAX_DOCUMENTS = 2_000;
