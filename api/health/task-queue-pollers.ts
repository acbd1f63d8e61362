import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';

const { TaskQueueType, TaskQueueKind } = proto.temporal.api.enums.v1;

export type QueueKind = 'workflow' | 'activity';

/**
 * How many workers polled this queue within `freshMs`. An idle worker re-polls whenever its long
 * poll expires (server setting; a minute by default), so a poller older than that has gone.
 */
export async function livePollers(
  client: Client,
  namespace: string,
  queue: string,
  kind: QueueKind,
  freshMs: number,
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
    return now - seconds * 1000 < freshMs;
  }).length;
}
