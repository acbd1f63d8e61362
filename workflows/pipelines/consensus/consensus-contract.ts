// `POST /pipelines/consensus`: one question put to several models at once, answers compared.
// The shapes come from the descriptor's schemas (consensus.pipeline.ts); the defaults the
// workflow applies live here, where workflow code may import them.
export type {
  ConsensusAnswer,
  ConsensusPipelineInput,
  ConsensusPipelineResult,
} from './consensus.pipeline.js';

export const CONSENSUS_DEFAULTS = {
  samplesPerModel: 1,
  maxTokens: 96,
  minSuccesses: 1,
  timeoutMs: 300_000,
} as const;
