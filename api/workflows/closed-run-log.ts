import type { LiveLogSnapshot, LiveSinks } from '../../workflows/contracts/index.js';
import { workflowSource } from '../../workers/workflow-bundle.js';
import { activeTracing } from '../../telemetry/tracing.js';
import type { TemporalClientService } from '../temporal/temporal-client.service.js';

/** Replays kept, by run id (a closed run's log never changes). */
const CACHE_SIZE = 50;
const cache = new Map<string, LiveLogSnapshot | null>();

/**
 * A closed run's live log, recovered by replaying its history with the workflow code: the run
 * reports its whole log to a sink as it closes, and a replay reaches that point again. Undefined
 * when the run hosted no live stream. The log lived only in the run, so this is the only way to
 * serve it again without keeping a copy elsewhere.
 */
export async function closedRunLog(
  temporal: TemporalClientService,
  workflowId: string,
  runId: string,
): Promise<LiveLogSnapshot | undefined> {
  if (cache.has(runId)) return cache.get(runId) ?? undefined;
  const history = await temporal.call(() =>
    temporal.client.workflow.getHandle(workflowId, runId).fetchHistory(),
  );
  // Loaded on first use: the API needs the worker package only for this.
  const { Worker } = await import('@temporalio/worker');
  let log: LiveLogSnapshot | undefined;
  const sinks = {
    live: {
      closed: {
        fn: (_info: unknown, snapshot: LiveLogSnapshot) => {
          log = snapshot;
        },
        callDuringReplay: true,
      },
    },
    // The traced bundle's interceptors export spans through this sink: nothing to export here.
    exporter: { export: { fn: () => undefined, callDuringReplay: false } },
  } satisfies Record<string, unknown> & { live: Record<keyof LiveSinks['live'], unknown> };
  await Worker.runReplayHistory(
    { ...workflowSource(activeTracing() !== undefined), sinks, replayName: 'live-log' },
    history,
    workflowId,
  );
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(runId, log ?? null);
  return log;
}
