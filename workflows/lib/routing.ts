import { workflowInfo } from '@temporalio/workflow';
import { prefixFromWorkflowQueue, ROUTING_MEMO_KEY, routingMemo } from '../contracts/index.js';

/** The deployment's task-queue prefix: from the routing memo, else from this workflow's queue name. */
export function taskQueuePrefix(): string {
  const info = workflowInfo();
  const fromMemo = info.memo?.[ROUTING_MEMO_KEY];
  return typeof fromMemo === 'string' ? fromMemo : prefixFromWorkflowQueue(info.taskQueue);
}

/** The memo to give children and continued runs, so they route like this run. */
export function inheritedMemo(): Record<string, string> {
  return routingMemo(taskQueuePrefix());
}
