// Activities the pattern workflows use internally; not addressable by name through the API.

import type { ItemFailure } from './patterns/results.js';
import type { ItemSource, MapperSpec } from './patterns/spec-schema.js';
import type { Usage } from './usage.js';

export const BATCH_ACTIVITY = 'batch.mapReduce';
export const COUNT_ITEMS_ACTIVITY = 'source.count';
/** Joins a batch pipeline's part files, in order, into its output file (atomically). */
export const COMMIT_OUTPUT_ACTIVITY = 'sink.commit';
/** The reducer whose batches keep every item's output in order, a failed item as null. */
export const COLLECT_REDUCER = 'list.collect';

/** What `source.count` answers (runs recorded before byte sizing got a bare item count). */
export interface SourceCount {
  items: number;
  /** The file's size; 0 for sources that are not files. */
  bytes: number;
  /** The file's modification time (ms); absent for sources that are not files. */
  modifiedMs?: number;
}

/**
 * Instead of folding its outputs, a batch writes one JSONL line per item — `{ index, output }` or
 * `{ index, error }` — to `<dir>/<start>.jsonl` under the data folder, atomically. A batch whose
 * file is already there is not mapped again (a rerun resumes).
 */
export interface BatchSink {
  dir: string;
}

export interface CommitOutputInput {
  /** Parts folder and output file, relative to the data folder. */
  dir: string;
  output: string;
  /** The parts' start indices, in order. */
  starts: number[];
}

/** One batch: items [start, end) of the source, each mapped, the results folded by the reducer. */
export interface BatchInput {
  source: ItemSource;
  /** Indices in the source; for an inline source, `items` holds exactly this slice. */
  start: number;
  end: number;
  /** Added to start to give `$index` its index in the whole input (inline slices are re-based). */
  indexBase?: number;
  mapper: Required<Pick<MapperSpec, 'activity'>> & MapperSpec;
  /**
   * An in-process reducer (counts.merge, number.sum, list.concat) that folds the batch's outputs.
   * With an llm.* reducer the batch gets list.concat and the workflow folds the lists with it.
   */
  reducer: string;
  onItemFailure: 'fail' | 'skip';
  /** Write the outputs to a part file instead of returning them folded (`value` is then the count written). */
  sink?: BatchSink;
}

export interface BatchOutput {
  /** Absent when no item of the batch succeeded. */
  value?: unknown;
  succeeded: number;
  failed: number;
  /** The first failures of the batch, with global item indices. */
  failures: ItemFailure[];
  /** Tokens of the batch's LLM calls (llm.* mappers). */
  usage?: Usage;
  /** With a sink: the part was already written by an earlier attempt or run. */
  resumed?: boolean;
}
