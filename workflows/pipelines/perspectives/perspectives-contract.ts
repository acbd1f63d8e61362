// `POST /pipelines/perspectives`: one text (or every document of a file) analysed from several
// angles at once.
// The shapes come from the descriptor's schemas (perspectives.pipeline.ts).
export type {
  CorpusReport,
  Entities,
  PerspectivesPipelineInput,
  PerspectivesPipelineResult,
  TextAnalysis,
} from './perspectives.pipeline.js';

export const ANALYZERS = ['sentiment', 'entities', 'summary', 'keywords'] as const;
export type AnalyzerName = (typeof ANALYZERS)[number];
export const SENTIMENTS = ['positive', 'negative', 'neutral', 'mixed'] as const;

/** A corpus larger than this is refused (its per-document results pass through history). */
export const PERSPECTIVES_MAX_DOCUMENTS = 2_000;
