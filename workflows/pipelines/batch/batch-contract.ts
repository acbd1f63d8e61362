import type { LiveCarry } from '../../contracts/live.js';
// `POST /pipelines/batch`: every record of a file mapped through a model, the outputs written to
// a JSONL file in input order. Records and outputs never pass through workflow history.
import type { ItemFailure } from '../../contracts/patterns/results.js';
import type { BatchPipelineInput, BatchPipelineResult } from './batch.pipeline.js';
// The request and result shapes come from the descriptor's schemas (batch.pipeline.ts).
export type { BatchPipelineInput, BatchPipelineResult };
import type { Usage } from '../../contracts/usage.js';

export const BATCH_PIPELINE_ACTIVITIES = ['llm.generate', 'llm.json', 'llm.classify', 'llm.embed'] as const;
export type BatchPipelineActivity = (typeof BATCH_PIPELINE_ACTIVITIES)[number];

/** The input field each activity takes its record in. */
export const BATCH_RECORD_FIELD: Record<BatchPipelineActivity, 'prompt' | 'text'> = {
  'llm.generate': 'prompt',
  'llm.json': 'prompt',
  'llm.classify': 'text',
  'llm.embed': 'text',
};

export const BATCH_PIPELINE_DEFAULTS = {
  batchSize: 50,
  maxConcurrency: 4,
  /** Batches per round: the run continues as new between rounds once its history grows. */
  roundBatches: 200,
} as const;

/** Where a run of the batch pipeline is, carried across continue-as-new. */
export interface BatchPipelineState {
  items: number;
  partsDir: string;
  nextBatch: number;
  succeeded: number;
  failed: number;
  resumedBatches: number;
  failures: ItemFailure[];
  startedAtMs: number;
  usage: Usage;
  /** The live stream's state, carried across continue-as-new. */
  live?: LiveCarry;
}
