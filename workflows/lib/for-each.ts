import { ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { MAX_RECORDED_FAILURES } from '../contracts/index.js';
import type { ForEachStats } from '../contracts/index.js';
import { runBounded } from './concurrency.js';
import { failureMessage } from './run-task.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

export interface ForEachOptions {
  /** Elements running at once (default 10). */
  maxConcurrency?: number;
  /** `skip`: a failed element's output is null and the rest go on; `fail` (default): stop launching, let running ones finish, then fail. */
  onItemFailure?: 'fail' | 'skip';
  /** Added to element indices in stats and messages (a chunk of a larger list). */
  indexBase?: number;
  /** Called with the live stats at the start and after every element. */
  onProgress?: (stats: Readonly<ForEachStats>) => void;
}

export interface ForEachResult<R> {
  /** One output per element, in element order; null for a skipped failure. */
  outputs: Array<R | null>;
  stats: ForEachStats;
}

/**
 * Runs `fn` once per element, at most `maxConcurrency` at once, launching in element order.
 * Inline in the calling run: about 3 history events per activity element, so keep lists to a
 * few hundred elements per run (the DAG's forEach moves larger lists into child runs).
 */
export async function forEach<T, R>(
  items: readonly T[],
  fn: (item: T, index: number) => Promise<R>,
  options: ForEachOptions = {},
): Promise<ForEachResult<R>> {
  const base = options.indexBase ?? 0;
  const skip = options.onItemFailure === 'skip';
  const outputs = new Array<R | null>(items.length).fill(null);
  const stats: ForEachStats = { total: items.length, succeeded: 0, failed: 0, failures: [] };
  options.onProgress?.(stats);
  let firstError: string | undefined;
  await runBounded(
    items.length,
    options.maxConcurrency ?? 10,
    async (i) => {
      try {
        outputs[i] = await fn(items[i]!, i);
        stats.succeeded++;
      } catch (err) {
        if (isCancellation(err)) throw err; // the node or the run is being cancelled
        stats.failed++;
        const error = failureMessage(err);
        if (stats.failures.length < MAX_RECORDED_FAILURES) {
          stats.failures.push({ index: base + i, error });
          stats.failures.sort((a, b) => a.index - b.index);
        }
        if (!skip) firstError ??= `element ${base + i}: ${error}`;
      }
      options.onProgress?.(stats);
    },
    () => firstError !== undefined,
  );
  if (firstError !== undefined)
    throw ApplicationFailure.nonRetryable(firstError, ERROR_TYPES.ElementFailed, { stats });
  return { outputs, stats };
}
