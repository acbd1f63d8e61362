// Activities the pattern workflows use internally; not addressable by name through the API.

import type { ItemFailure, ItemSource, MapperSpec } from './patterns/specs.js';

export const BATCH_ACTIVITY = 'batch.mapReduce';
export const COUNT_ITEMS_ACTIVITY = 'source.count';

/** One batch: items [start, end) of the source, each mapped, the results folded by the reducer. */
export interface BatchInput {
  source: ItemSource;
  /** Global indices; for an inline source, `items` holds exactly this slice. */
  start: number;
  end: number;
  mapper: Required<Pick<MapperSpec, 'activity'>> & MapperSpec;
  reducer: string;
  onItemFailure: 'fail' | 'skip';
}

export interface BatchOutput {
  /** Absent when no item of the batch succeeded. */
  value?: unknown;
  succeeded: number;
  failed: number;
  /** The first failures of the batch, with global item indices. */
  failures: ItemFailure[];
}
