import { ApplicationFailure, CancellationScope, isCancellation, sleep, Trigger } from '@temporalio/workflow';
import type { ScatterGatherPolicy, TaskOutcome } from '../contracts/index.js';
import { liveBranch } from './live.js';
import { failureMessage } from './run-task.js';
import { runUsage } from './usage-tracker.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

export interface GatherTask<T> {
  id?: string;
  /** Started at once, in its own cancellation scope; `path` names the branch in live events. */
  run: (path: string) => Promise<T>;
}

export type GatherOutcome<T> = TaskOutcome<T>;

export interface ScatterGatherOptions<T> {
  /** Called with the live outcomes when they start and whenever one changes (for a progress query). */
  onProgress?: (tasks: ReadonlyArray<GatherOutcome<T>>) => void;
  /** Live events name each task `<pathPrefix>/<id>` (default "tasks"): one prefix per stage of a pipeline. */
  pathPrefix?: string;
}

/**
 * Runs tasks in parallel and gathers them by policy: `all` waits for every task (with
 * `timeoutMs`, returns what finished and marks the rest timed out); `first` returns the first
 * success; `quorum` returns once `quorum` tasks succeed and fails as soon as too many have
 * failed for that to happen. Tasks no longer needed are cancelled, and it waits until their
 * activities have stopped. Fails with `AllTasksFailed` / `QuorumUnreachable` (details: the
 * outcomes and the run's usage) when `first` or `quorum` cannot be met.
 */
export async function scatterGather<T>(
  tasks: ReadonlyArray<GatherTask<T>>,
  policy: ScatterGatherPolicy,
  options: ScatterGatherOptions<T> = {},
): Promise<Array<GatherOutcome<T>>> {
  const { mode, timeoutMs } = policy;
  const n = tasks.length;
  const needed = policy.mode === 'quorum' ? policy.quorum : mode === 'all' ? n : 1;
  const outcomes: Array<GatherOutcome<T>> = tasks.map((t, i) => ({
    id: t.id ?? `task#${i}`,
    status: 'pending',
    durationMs: null,
  }));
  const changed = () => options.onProgress?.(outcomes);
  const startedAt: number[] = [];
  let succeeded = 0;
  let failed = 0;

  const decided = new Trigger<'settled' | 'timeout'>();
  const check = () => {
    changed();
    const allSettled = succeeded + failed === n;
    if (mode === 'all' ? allSettled : allSettled || succeeded >= needed || failed > n - needed)
      decided.resolve('settled');
  };
  const scopes = tasks.map(() => new CancellationScope());
  const runs = tasks.map((task, i) => {
    const outcome = outcomes[i]!;
    outcome.status = 'running';
    startedAt[i] = Date.now();
    const path = `${options.pathPrefix ?? 'tasks'}/${outcome.id}`;
    return scopes[i]!.run(() => liveBranch(path, () => task.run(path))).then(
      (output) => {
        if (outcome.status !== 'running') return;
        Object.assign(outcome, { status: 'succeeded', output, durationMs: Date.now() - startedAt[i]! });
        succeeded++;
        check();
      },
      (err: unknown) => {
        // Cancelled or timed out by us, or the whole run is being cancelled (then `decided` throws).
        // A task cancelled from elsewhere (a child run cancelled on its own) counts as failed.
        if (outcome.status !== 'running' || (isCancellation(err) && scopes[i]!.consideredCancelled)) return;
        Object.assign(outcome, {
          status: 'failed',
          error: failureMessage(err),
          durationMs: Date.now() - startedAt[i]!,
        });
        failed++;
        check();
      },
    );
  });
  changed();

  const timerScope = new CancellationScope();
  if (timeoutMs !== undefined) {
    timerScope
      .run(() => sleep(timeoutMs))
      .then(
        () => decided.resolve('timeout'),
        () => undefined, // cancelled once decided
      );
  }
  const how = await decided;
  timerScope.cancel();

  // Stop what is no longer needed and wait for it to stop.
  for (const [i, outcome] of outcomes.entries()) {
    if (outcome.status !== 'running') continue;
    Object.assign(outcome, {
      status: how === 'timeout' ? 'timedOut' : 'cancelled',
      durationMs: Date.now() - startedAt[i]!,
    });
    scopes[i]!.cancel();
  }
  await Promise.allSettled(runs);
  changed();

  if (succeeded < needed && mode !== 'all') {
    const why =
      how === 'timeout'
        ? `${succeeded} of ${needed} needed successes within ${timeoutMs} ms`
        : `${failed} of ${n} tasks failed (at most ${n - needed} may fail)`;
    const what = mode === 'first' ? 'no task succeeded' : `quorum of ${needed} unreachable`;
    const firstError = outcomes.find((t) => t.status === 'failed')?.error;
    throw ApplicationFailure.nonRetryable(
      `${what}: ${why}${firstError ? `; first error: ${firstError}` : ''}`,
      mode === 'first' ? ERROR_TYPES.AllTasksFailed : ERROR_TYPES.QuorumUnreachable,
      { tasks: outcomes, usage: runUsage() },
    );
  }
  return outcomes;
}
