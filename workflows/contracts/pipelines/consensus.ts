import type { LiveMode } from '../live.js';
// `POST /pipelines/consensus`: one question put to several models at once, answers compared.
import type { Usage } from '../usage.js';

export interface ConsensusPipelineInput {
  question: string;
  /** Models asked; the API fills in every configured model when absent. */
  models: string[];
  /** Answers per model, each with its own seed (sampled when above 1). */
  samplesPerModel?: number;
  system?: string;
  maxTokens?: number;
  /** The pipeline fails when fewer answers arrive. */
  minSuccesses?: number;
  /** Answers not in by then are reported as timed out. */
  timeoutMs?: number;
  /**
   * Also rank the answers: a judge model, or a person (gate "judge": approve with edits
   * { bestIndex } to pick an answer, or without edits to keep the closest in meaning).
   */
  judge?: { model: string; criteria: string } | { human: true; timeoutMs?: number };
  /** Live events: "tokens" also streams every answer as it is generated. */
  stream?: LiveMode;
}

export interface ConsensusAnswer {
  model: string;
  seed: number;
  text: string | null;
  latencyMs: number | null;
  status: string;
  error?: string;
}

export interface ConsensusPipelineResult {
  best: { model: string; seed: number; text: string; why: string };
  /** Mean pairwise similarity of the answers' embeddings (1 when only one answered). */
  consensusScore: number;
  answers: ConsensusAnswer[];
  /** Answers much further from the others than the rest (mean similarity below mean − 1 sd). */
  outliers: Array<{ model: string; seed: number; meanSimilarity: number }>;
  usage: Usage;
}

export const CONSENSUS_DEFAULTS = {
  samplesPerModel: 1,
  maxTokens: 96,
  minSuccesses: 1,
  timeoutMs: 300_000,
} as const;
