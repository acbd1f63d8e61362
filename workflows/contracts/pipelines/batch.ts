import type { LiveCarry } from '../live.js';
// `POST /pipelines/batch`: every record of a file mapped through a model, the outputs written to
// a JSONL file in input order. Records and outputs never pass through workflow history.
import type { ItemFailure } from '../patterns/specs.js';
import type { Usage } from '../usage.js';

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

export interface BatchPipelineInput {
  input: { path: string; format: 'jsonl' | 'lines' };
  output: { path: string };
  activity: BatchPipelineActivity;
  /** The rest of the activity's input; must name the model. */
  params: Record<string, unknown> & { model: string };
  /** JSONL: the field of each record that is the prompt or text (default: the whole record as JSON text). */
  promptField?: string;
  /** A $template with {{$item}} / {{$item.field}} / {{$index}}, instead of promptField. */
  template?: string;
  batchSize?: number;
  maxConcurrency?: number;
  onItemFailure?: 'fail' | 'skip';
  maxFailures?: number;
}

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

export interface BatchPipelineResult {
  output: string;
  items: number;
  succeeded: number;
  failed: number;
  failures: ItemFailure[];
  /** Batches found already written by an earlier run of the same request (not redone). */
  resumedBatches: number;
  seconds: number;
  itemsPerSecond: number;
  tokensPerSecond: number;
  usage: Usage;
}
