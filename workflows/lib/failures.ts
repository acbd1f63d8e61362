import { MAX_RECORDED_FAILURES } from '../contracts/index.js';
import type { ItemFailure } from '../contracts/index.js';

/** Keeps the failures of the lowest item indices, in item order, at most MAX_RECORDED_FAILURES. */
export function mergeFailures(kept: ItemFailure[], more: ItemFailure[], indexBase = 0): ItemFailure[] {
  if (more.length === 0) return kept;
  const all = [...kept, ...more.map((f) => ({ index: f.index + indexBase, error: f.error }))];
  return all.sort((a, b) => a.index - b.index).slice(0, MAX_RECORDED_FAILURES);
}
