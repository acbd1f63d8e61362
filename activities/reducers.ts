import { ApplicationFailure } from '@temporalio/activity';
import { COLLECT_REDUCER } from '../workflows/contracts/index.js';
import { ERROR_TYPES } from '../workflows/contracts/error-types.js';

// Pure, associative folds. The CPU worker exposes them as activities (for reductions between
// batches) and the batch activity calls them in-process (for the items of one batch).

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, ERROR_TYPES.InvalidInput);
}

function requireList(values: unknown, name: string): unknown[] {
  if (!Array.isArray(values)) throw invalid(`${name}: input must be a list`);
  return values;
}

/** `counts.merge`: accepts `{ counts }` objects or plain maps; returns `{ counts }`. */
export function mergeCounts(values: unknown): { counts: Record<string, number> } {
  const total = new Map<string, number>();
  for (const v of requireList(values, 'counts.merge')) {
    const map = (v as { counts?: unknown })?.counts ?? v;
    if (typeof map !== 'object' || map === null)
      throw invalid('counts.merge: every element must be a count map');
    for (const [word, n] of Object.entries(map as Record<string, unknown>)) {
      if (typeof n !== 'number') throw invalid(`counts.merge: count of "${word}" is not a number`);
      total.set(word, (total.get(word) ?? 0) + n);
    }
  }
  return { counts: Object.fromEntries(total) };
}

export function sumNumbers(values: unknown): number {
  return requireList(values, 'number.sum').reduce<number>((acc, v) => {
    if (typeof v !== 'number') throw invalid('number.sum: every element must be a number');
    return acc + v;
  }, 0);
}

export function concatLists(values: unknown): unknown[] {
  return requireList(values, 'list.concat').flatMap((v) => (Array.isArray(v) ? (v as unknown[]) : [v]));
}

export const REDUCERS: Record<string, (values: unknown) => unknown> = {
  'counts.merge': mergeCounts,
  'number.sum': sumNumbers,
  'list.concat': concatLists,
  // Batches hand over lists of item outputs; folding them is splicing them in order.
  [COLLECT_REDUCER]: concatLists,
};

/** The reducers as async activity functions. */
export const reducerActivities = {
  'counts.merge': (values: unknown) => Promise.resolve(mergeCounts(values)),
  'number.sum': (values: unknown) => Promise.resolve(sumNumbers(values)),
  'list.concat': (values: unknown) => Promise.resolve(concatLists(values)),
  'list.collect': (values: unknown) => Promise.resolve(concatLists(values)),
};
