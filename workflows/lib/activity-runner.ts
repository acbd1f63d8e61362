import { ActivityCancellationType, ApplicationFailure, proxyActivities } from '@temporalio/workflow';
import type { ActivityOptions } from '@temporalio/workflow';
import {
  ACTIVITY_REGISTRY,
  BATCH_ACTIVITY,
  COUNT_ITEMS_ACTIVITY,
  isActivityName,
  llmTaskQueue,
  taskQueueNames,
} from '../contracts/index.js';
import type {
  ActivityName,
  ActivityRetrySpec,
  ActivitySpec,
  BatchInput,
  BatchOutput,
  ItemSource,
} from '../contracts/index.js';

import { taskQueuePrefix } from './routing.js';

// Schedules activities by name, on the queue and with the timeouts their registry entry
// declares. Queue names derive from this workflow's own task queue (see task-queues.ts and routing.ts).

export interface ActivityOverrides {
  retry?: Partial<ActivityRetrySpec>;
  timeoutMs?: number;
}

type AnyActivity = (input: unknown) => Promise<unknown>;

const NON_RETRYABLE = ['InvalidInput', 'UnknownActivity', 'UnknownModel'];

/** The CPU queue, or the model's own queue for llm.* activities. */
function queueFor(name: ActivityName, input: unknown): string {
  if (ACTIVITY_REGISTRY[name].queue === 'cpu') return taskQueueNames(taskQueuePrefix()).cpu;
  const model = (input as { model?: unknown } | null)?.model;
  if (typeof model !== 'string') {
    throw ApplicationFailure.nonRetryable(
      `activity "${name}" needs a "model" field in its input`,
      'InvalidInput',
    );
  }
  return llmTaskQueue(taskQueuePrefix(), model);
}

function optionsOf(
  spec: ActivitySpec,
  taskQueue: string,
  overrides: ActivityOverrides = {},
): ActivityOptions {
  const retry = { ...spec.retry, ...overrides.retry };
  return {
    taskQueue,
    startToCloseTimeout: overrides.timeoutMs ?? spec.startToCloseTimeoutMs,
    ...(spec.heartbeatTimeoutMs !== undefined
      ? {
          heartbeatTimeout: spec.heartbeatTimeoutMs,
          // Heartbeating activities see cancellation: wait for them to stop, so a cancelled
          // task is really over (and its ActivityTaskCanceled event is in history).
          cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
        }
      : {}),
    retry: {
      maximumAttempts: retry.maximumAttempts,
      initialInterval: retry.initialIntervalMs,
      backoffCoefficient: retry.backoffCoefficient,
      // An override of the initial interval alone must not fall above the default maximum
      // (the server rejects that, and the workflow task would fail over and over).
      maximumInterval: Math.max(retry.maximumIntervalMs, retry.initialIntervalMs),
      nonRetryableErrorTypes: NON_RETRYABLE,
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
  const spec = ACTIVITY_REGISTRY[name] as ActivitySpec;
  const proxy = proxyActivities<Record<string, AnyActivity>>(
    optionsOf(spec, queueFor(name, input), overrides),
  );
  return (await proxy[name]!(input)) as T;
}

const BATCH_SPEC: ActivitySpec = {
  queue: 'cpu',
  description: 'internal: one map-reduce batch',
  startToCloseTimeoutMs: 60 * 60_000,
  heartbeatTimeoutMs: 60_000,
  retry: { maximumAttempts: 5, initialIntervalMs: 500, backoffCoefficient: 2, maximumIntervalMs: 10_000 },
};

/** Runs one map-reduce batch on the mapper's queue (CPU, or the model's queue for llm.* mappers). */
export async function runBatch(input: BatchInput): Promise<BatchOutput> {
  const mapper = input.mapper.activity;
  if (!isActivityName(mapper))
    throw ApplicationFailure.nonRetryable(`unknown activity "${mapper}"`, 'UnknownActivity');
  const proxy = proxyActivities<Record<string, AnyActivity>>(
    optionsOf(BATCH_SPEC, queueFor(mapper, input.mapper.params)),
  );
  return (await proxy[BATCH_ACTIVITY]!(input)) as BatchOutput;
}

/** Counts the items of a source that is read by reference (a `lines` file). */
export async function countSourceItems(source: ItemSource): Promise<number> {
  const proxy = proxyActivities<Record<string, AnyActivity>>(
    optionsOf(
      { ...BATCH_SPEC, heartbeatTimeoutMs: undefined, startToCloseTimeoutMs: 10 * 60_000 },
      taskQueueNames(taskQueuePrefix()).cpu,
    ),
  );
  return (await proxy[COUNT_ITEMS_ACTIVITY]!(source)) as number;
}
