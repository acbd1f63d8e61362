import { isCancellation, setHandler } from '@temporalio/workflow';
import { progressQuery } from './contracts/index.js';
import type { ScatterGatherResult, ScatterGatherSpec, TaskOutcome } from './contracts/index.js';
import { aggregateOutcomes } from './lib/aggregate.js';
import { liveRun } from './lib/live.js';
import { resolveTask } from './lib/resolve-task.js';
import { assertValidSpec, failureMessage, runTask } from './lib/run-task.js';
import { scatterGather } from './lib/scatter-gather.js';
import { runUsage } from './lib/usage-tracker.js';

/** `POST /workflows/scatter-gather`: the tasks of a JSON spec gathered by policy, then aggregated. */
export function scatterGatherWorkflow(spec: ScatterGatherSpec): Promise<ScatterGatherResult> {
  return liveRun(spec.stream, () => gather(spec));
}

async function gather(spec: ScatterGatherSpec): Promise<ScatterGatherResult> {
  assertValidSpec('scatter-gather', spec);
  let tasks: readonly TaskOutcome[] = [];
  setHandler(progressQuery, () => ({
    succeeded: tasks.filter((t) => t.status === 'succeeded').length,
    failed: tasks.filter((t) => t.status === 'failed').length,
    tasks: tasks.map(({ id, status }) => ({ id, status })),
    usage: runUsage(),
  }));
  const outcomes = await scatterGather(
    spec.tasks.map((task, i) => {
      const id = task.id ?? `task#${i}`;
      return { id, run: (path: string) => runTask(resolveTask(task), id, path) };
    }),
    spec.policy,
    { onProgress: (live) => (tasks = live) },
  );
  const result: ScatterGatherResult = { tasks: outcomes, usage: runUsage() };
  if (spec.aggregate !== undefined) {
    try {
      const aggregate = await aggregateOutcomes(outcomes, spec.aggregate);
      if (aggregate !== undefined) result.aggregate = aggregate;
    } catch (err) {
      // The gathered outcomes are still the result; the aggregate's failure is reported beside them.
      if (isCancellation(err)) throw err;
      result.aggregateError = failureMessage(err);
    }
    result.usage = runUsage();
  }
  return result;
}
