import { ApplicationFailure, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import {
  ACTIVITY_REGISTRY,
  isActivityName,
  llmTaskQueue,
  prefixFromWorkflowQueue,
  taskQueueNames,
} from '../contracts/index.js';
import type { ActivityName, ActivityRetrySpec } from '../contracts/index.js';

// Schedules any registered activity by name, on the queue and with the timeouts its registry
// entry declares. Queue names derive from this workflow's own task queue (see task-queues.ts).

export interface ActivityOverrides {
  retry?: Partial<ActivityRetrySpec>;
  timeoutMs?: number;
}

type AnyActivity = (input: unknown) => Promise<unknown>;

function taskQueueFor(name: ActivityName, input: unknown): string {
  const prefix = prefixFromWorkflowQueue(workflowInfo().taskQueue);
  if (ACTIVITY_REGISTRY[name].queue === 'cpu') return taskQueueNames(prefix).cpu;
  const model = (input as { model?: unknown } | null)?.model;
  if (typeof model !== 'string') {
    throw ApplicationFailure.nonRetryable(
      `activity "${name}" needs a "model" field in its input`,
      'InvalidInput',
    );
  }
  return llmTaskQueue(prefix, model);
}

export function activityOptions(
  name: ActivityName,
  input: unknown,
  overrides: ActivityOverrides = {},
): ActivityOptions {
  const spec = ACTIVITY_REGISTRY[name];
  const retry = { ...spec.retry, ...overrides.retry };
  return {
    taskQueue: taskQueueFor(name, input),
    startToCloseTimeout: overrides.timeoutMs ?? spec.startToCloseTimeoutMs,
    ...('heartbeatTimeoutMs' in spec ? { heartbeatTimeout: spec.heartbeatTimeoutMs } : {}),
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: retry.backoffCoefficient,
      maximumInterval: retry.maximumIntervalMs,
      nonRetryableErrorTypes: ['InvalidInput', 'UnknownActivity', 'UnknownModel'],
    },
  };
}

export async function runActivity<T = unknown>(
  name: string,
  input: unknown,
  overrides?: ActivityOverrides,
): Promise<T> {
  if (!isActivityName(name)) {
    throw ApplicationFailure.nonRetryable(`unknown activity "${name}"`, 'UnknownActivity');
  }
  const proxy = proxyActivities<Record<string, AnyActivity>>(activityOptions(name, input, overrides));
  return (await proxy[name]!(input)) as T;
}
