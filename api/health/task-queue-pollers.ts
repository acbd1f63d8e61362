import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { TaskQueueType, TaskQueueKind } = proto.temporal.api.enums.v1;

// A live idle worker re-polls at least once a minute (long polls last up to ~60 s), so a poller
// seen within this window is alive; one older belongs to a worker that has gone.
const POLLER_FRESH_MS = 90_000;

export type QueueKind = 'workflow' | 'activity';

/** How many workers polled this queue recently. */
export async function livePollers(
  client: Client,
  namespace: string,
  queue: string,
  kind: QueueKind,
): Promise<number> {
  const res = await client.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: queue, kind: TaskQueueKind.TASK_QUEUE_KIND_NORMAL },
    taskQueueType:
      kind === 'workflow' ? TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW : TaskQueueType.TASK_QUEUE_TYPE_ACTIVITY,
  });
  const now = Date.now();
  return (res.pollers ?? []).filter((p) => {
    const seconds = Number(p.lastAccessTime?.seconds ?? 0);
    return now - seconds * 1000 < POLLER_FRESH_MS;
  }).length;
}
