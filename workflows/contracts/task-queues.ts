// Task-queue naming shared by workers, workflows and the API.
// Every queue name derives from one prefix, so a deployment (or a test) isolates itself by
// choosing its own prefix, and workflow code finds the activity queues from its own queue name
// without reading configuration (which it may not do deterministically).

export const DEFAULT_TASK_QUEUE_PREFIX = 'parallel-ai';

const WORKFLOWS_SUFFIX = '-workflows';

export interface TaskQueueNames {
  /** Workflow tasks only: served by the workflow worker. */
  workflows: string;
  /** CPU activities: text processing, aggregation, utilities. */
  cpu: string;
}

export function taskQueueNames(prefix: string): TaskQueueNames {
  return { workflows: `${prefix}${WORKFLOWS_SUFFIX}`, cpu: `${prefix}-cpu` };
}

/** One queue per model, so a GPU worker receives only work for the models it has loaded. */
export function llmTaskQueue(prefix: string, model: string): string {
  return `${prefix}-llm-${model}`;
}

/** Recovers the prefix from the workflow task queue a workflow runs on. */
export function prefixFromWorkflowQueue(workflowQueue: string): string {
  if (!workflowQueue.endsWith(WORKFLOWS_SUFFIX)) {
    throw new Error(`workflow task queue "${workflowQueue}" does not end with "${WORKFLOWS_SUFFIX}"`);
  }
  return workflowQueue.slice(0, -WORKFLOWS_SUFFIX.length);
}

/**
 * Memo key carrying the prefix with every run (set by whoever starts the workflow, passed on to
 * children and continued runs). Being in history, it also holds during replay, where the
 * workflow's own task queue is the replayer's.
 */
export const ROUTING_MEMO_KEY = 'taskQueuePrefix';

export function routingMemo(prefix: string): Record<string, string> {
  return { [ROUTING_MEMO_KEY]: prefix };
}
