import {
  ApplicationFailure,
  CancellationScope,
  isCancellation,
  setHandler,
  sleep,
  Trigger,
} from '@temporalio/workflow';
import { progressQuery } from './contracts/index.js';
import type {
  MajorityAggregate,
  ScatterGatherResult,
  ScatterGatherSpec,
  TaskOutcome,
} from './contracts/index.js';
import { assertValidSpec, failureMessage, runTask } from './lib/run-task.js';

/** JSON with object keys sorted, so equal outputs vote together whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function majority(tasks: TaskOutcome[]): MajorityAggregate {
  const groups = new Map<string, { output: unknown; count: number; taskIds: string[] }>();
  for (const t of tasks) {
    if (t.status !== 'succeeded') continue;
    const key = canonical(t.output);
    const g = groups.get(key) ?? { output: t.output, count: 0, taskIds: [] };
    g.count++;
    g.taskIds.push(t.id);
    groups.set(key, g);
  }
  // Stable sort: ties go to the output first produced by the earlier task.
  const votes = [...groups.values()].sort((a, b) => b.count - a.count);
  return { winner: votes[0]?.output ?? null, votes };
}

/**
 * Runs tasks in parallel and gathers them by policy: `all` waits for every task (with
 * `timeoutMs`, returns what finished and marks the rest timed out); `first` returns the first
 * success; `quorum` returns once `quorum` tasks succeed and fails as soon as too many have
 * failed for that to happen. Tasks no longer needed are cancelled, and the run waits until
 * their activities have stopped.
 */
export async function scatterGatherWorkflow(spec: ScatterGatherSpec): Promise<ScatterGatherResult> {
  assertValidSpec('scatter-gather', spec);
  const { mode, timeoutMs } = spec.policy;
  const n = spec.tasks.length;
  const needed = mode === 'all' ? n : mode === 'first' ? 1 : spec.policy.quorum!;
  const outcomes: TaskOutcome[] = spec.tasks.map((t, i) => ({
    id: t.id ?? `task#${i}`,
    status: 'pending',
    durationMs: null,
  }));
  const startedAt: number[] = [];
  let succeeded = 0;
  let failed = 0;
  setHandler(progressQuery, () => ({
    succeeded,
    failed,
    tasks: outcomes.map(({ id, status }) => ({ id, status })),
  }));

  const decided = new Trigger<'settled' | 'timeout'>();
  const check = () => {
    const allSettled = succeeded + failed === n;
    if (mode === 'all' ? allSettled : allSettled || succeeded >= needed || failed > n - needed)
      decided.resolve('settled');
  };
  const scopes = spec.tasks.map(() => new CancellationScope());
  const runs = spec.tasks.map((task, i) => {
    const outcome = outcomes[i]!;
    outcome.status = 'running';
    startedAt[i] = Date.now();
    return scopes[i]!.run(() => runTask(task, outcome.id)).then(
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

  const result: ScatterGatherResult = { tasks: outcomes };
  if (spec.aggregate === 'list')
    result.aggregate = outcomes.filter((t) => t.status === 'succeeded').map((t) => t.output) as never;
  if (spec.aggregate === 'majority') result.aggregate = majority(outcomes);
  if (succeeded < needed && mode !== 'all') {
    const why =
      how === 'timeout'
        ? `${succeeded} of ${needed} needed successes within ${timeoutMs} ms`
        : `${failed} of ${n} tasks failed (at most ${n - needed} may fail)`;
    const what = mode === 'first' ? 'no task succeeded' : `quorum of ${needed} unreachable`;
    const firstError = outcomes.find((t) => t.status === 'failed')?.error;
    throw ApplicationFailure.nonRetryable(
      `${what}: ${why}${firstError ? `; first error: ${firstError}` : ''}`,
      mode === 'first' ? 'AllTasksFailed' : 'QuorumUnreachable',
      result,
    );
  }
  return result;
}
