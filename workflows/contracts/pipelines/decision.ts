import type { LiveMode } from '../live.js';
// `POST /pipelines/decision`: options scored under several strategies, weighed by perspectives.
import type { Usage } from '../usage.js';

export interface DecisionPipelineInput {
  /** Live events: "tokens" also streams the text of every model call as it is generated. */
  stream?: LiveMode;
  problem: string;
  /** 2 to 10 options. */
  options: string[];
  strategies?: string[];
  perspectives?: string[];
  /** The API fills in the first configured model when absent. */
  model: string;
  maxTokens?: number;
}

export interface DecisionEvaluation {
  strategy: string;
  option: string;
  status: string;
  /** 0–10, from a grammar-constrained answer. */
  score?: number;
  rationale?: string;
  error?: string;
}

export interface PerspectiveRanking {
  perspective: string;
  status: string;
  /** Normalised to sum to 1 over the strategies. */
  weights?: Record<string, number>;
  ranking?: Array<{ option: string; score: number }>;
  error?: string;
}

export interface DecisionPipelineResult {
  matrix: DecisionEvaluation[];
  perspectives: PerspectiveRanking[];
  /** Mean over the perspectives of their weighted scores, best first. */
  ranking: Array<{ option: string; score: number }>;
  recommendation: string;
  /** Score of the first option minus the second's. */
  margin: number;
  rationale: string;
  usage: Usage;
}

export const DECISION_DEFAULTS = {
  strategies: ['cost-benefit', 'risk assessment', 'stakeholder impact', 'timeline'],
  perspectives: ['short-term', 'long-term', 'risk-averse', 'opportunity-focused'],
  maxTokens: 160,
} as const;
