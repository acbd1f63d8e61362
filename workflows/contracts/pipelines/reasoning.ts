import type { LiveMode } from '../live.js';
// `POST /pipelines/reasoning`: one question reasoned through by several independent chains
// (approach, model, seed), their final answers extracted under a grammar and voted on.
import type { Usage } from '../usage.js';

export const ANSWER_FORMATS = ['number', 'label', 'text'] as const;
export type AnswerFormat = (typeof ANSWER_FORMATS)[number];

export const REASONING_DEFAULTS = {
  chains: 5,
  approaches: [
    'step by step',
    'by working backwards from what the answer must satisfy',
    'by analogy with a simpler problem you know',
    'by listing the assumptions first, then reasoning from them',
    'by estimating first, then checking the estimate',
  ],
  answerFormat: 'text' as AnswerFormat,
  maxTokens: 200,
  minSuccesses: 1,
} as const;

export interface ReasoningPipelineInput {
  /** Live events: "tokens" also streams the text of every model call as it is generated. */
  stream?: LiveMode;
  question: string;
  chains?: number;
  approaches?: string[];
  /** Chains take the models in turn; the API fills in the first configured model. */
  models: string[];
  answerFormat?: AnswerFormat;
  /** The answers allowed with answerFormat "label". */
  labels?: string[];
  maxTokens?: number;
  /** Chains that must reach an answer, else the run fails. */
  minSuccesses?: number;
  timeoutMs?: number;
}

export interface ReasoningChain {
  index: number;
  approach: string;
  model: string;
  seed: number;
  status: string;
  reasoning?: string;
  /** As extracted: a number, a label or a short text. */
  answer?: number | string;
  /** What the vote compares (numbers rounded to 6 significant digits, labels and texts lower-cased). */
  normalized?: string;
  error?: string;
}

export interface ReasoningPipelineResult {
  question: string;
  answerFormat: AnswerFormat;
  /** The winning answer (as the first chain that gave it wrote it). */
  answer: number | string;
  /** Supporting chains over chains that answered; for text, the consensus score (mean similarity). */
  agreement: number;
  /** number / label: the self-consistency vote; text: absent (see consensus). */
  vote?: Array<{ answer: string; count: number; chains: number[] }>;
  consensus?: { bestChain: number; score: number };
  /** The supporting chain a judge found clearest (or the only one). */
  bestChain: number;
  synthesis: string | null;
  chains: ReasoningChain[];
  failures: string[];
  usage: Usage;
}
