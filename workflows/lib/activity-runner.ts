import {
  ActivityCancellationType,
  ApplicationFailure,
  patched,
  proxyActivities,
  proxyLocalActivities,
} from '@temporalio/workflow';
import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import {
  ACTIVITY_REGISTRY,
  BATCH_ACTIVITY,
  COMMIT_OUTPUT_ACTIVITY,
  COUNT_ITEMS_ACTIVITY,
  isActivityName,
  llmTaskQueue,
  taskQueueNames,
  usageOfLlmOutput,
} from '../contracts/index.js';
import type {
  ActivityName,
  ActivityRetrySpec,
  ActivitySpec,
  BatchInput,
  BatchOutput,
  CommitOutputInput,
  ItemSource,
  SourceCount,
} from '../contracts/index.js';
import type { ActivityFunctions, ActivityInput, ActivityOutput } from './activity-types.js';
import { currentLivePath, liveTokenTarget } from './live.js';
import { withRunCache } from './run-cache.js';
import { taskQueuePrefix } from './routing.js';
import { recordUsage } from './usage-tracker.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

// Schedules activities by name, on the queue and with the timeouts their registry entry
// declares. Queue names derive from this workflow's own task queue (see task-queues.ts and routing.ts).

export interface ActivityOverrides {
  retry?: Partial<ActivityRetrySpec>;
  timeoutMs?: number;
  /** Run on its worker's queue even when the registry marks it `local`. */
  remote?: boolean;
  /** The branch this call belongs to: an llm.* call streams its tokens there when the run asks for tokens. */
  livePath?: string;
}

const NON_RETRYABLE = [ERROR_TYPES.InvalidInput, ERROR_TYPES.UnknownActivity, ERROR_TYPES.UnknownModel];

/** The CPU queue, or the model's own queue for llm.* activities. */
function queueFor(name: ActivityName, input: unknown): string {
  if (ACTIVITY_REGISTRY[name].queue === 'cpu') return taskQueueNames(taskQueuePrefix()).cpu;
  const model = (input as { model?: unknown } | null)?.model;
  if (typeof model !== 'string') {
    throw ApplicationFailure.nonRetryable(
      `activity "${name}" needs a "model" field in its input`,
      ERROR_TYPES.InvalidInput,
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

function localOptionsOf(spec: ActivitySpec, overrides?: ActivityOverrides): LocalActivityOptions {
  const options: ActivityOptions = optionsOf(spec, '', overrides);
  return { retry: options.retry, startToCloseTimeout: options.startToCloseTimeout };
}

/**
 * Runs recorded before short steps ran locally replay them as the remote activities they were;
 * every run started since takes the local path.
 */
export const LOCAL_STEPS_PATCH = 'short-steps-as-local-activities';

function runsLocally(spec: ActivitySpec): boolean {
  return spec.local === true && patched(LOCAL_STEPS_PATCH);
}

/**
 * Runs an activity by its registry name, on its queue (an llm.* activity on its model's queue),
 * typed by the name. Token usage of LLM calls is added to the run's usage.
 */
export async function runActivity<N extends ActivityName>(
  name: N,
  input: ActivityInput<N>,
  overrides?: ActivityOverrides,
): Promise<ActivityOutput<N>> {
  const spec: ActivitySpec = ACTIVITY_REGISTRY[name];
  const proxy =
    !overrides?.remote && runsLocally(spec)
      ? proxyLocalActivities<ActivityFunctions>(localOptionsOf(spec, overrides))
      : proxyActivities<ActivityFunctions>(optionsOf(spec, queueFor(name, input), overrides));
  const call = proxy[name] as (input: ActivityInput<N>) => Promise<ActivityOutput<N>>;
  // The branch is the one given, or the one this code runs in (scatterGather and runGraph set it):
  // a workflow of one's own streams its calls' tokens with no extra code.
  const live = spec.queue === 'llm' ? liveTokenTarget(overrides?.livePath ?? currentLivePath()) : undefined;
  const withCache = spec.queue === 'llm' ? withRunCache(input) : input;
  const output = await call(live ? { ...(withCache as object), live } : withCache);
  if (spec.queue === 'llm') recordUsage(usageOfLlmOutput(output));
  return output;
}

/** Runs an activity named in a JSON spec (validated, but only known at run time). */
export function runActivityNamed(
  name: string,
  input: unknown,
  overrides?: ActivityOverrides,
): Promise<unknown> {
  if (!isActivityName(name)) {
    throw ApplicationFailure.nonRetryable(`unknown activity "${name}"`, ERROR_TYPES.UnknownActivity);
  }
  return runActivity(name, input, overrides);
}

const BATCH_SPEC: ActivitySpec = {
  queue: 'cpu',
  description: 'internal: one map-reduce batch',
  startToCloseTimeoutMs: 60 * 60_000,
  // A killed worker's batch is retried elsewhere after this long (batches heartbeat every 2 s).
  heartbeatTimeoutMs: 10_000,
  retry: { maximumAttempts: 5, initialIntervalMs: 500, backoffCoefficient: 2, maximumIntervalMs: 10_000 },
};

/** Runs one map-reduce batch on the mapper's queue (CPU, or the model's queue for llm.* mappers). */
export async function runBatch(input: BatchInput): Promise<BatchOutput> {
  // Typed as a known name, but a run started directly (not through admission) may carry any string.
  const mapper: string = input.mapper.activity;
  if (!isActivityName(mapper))
    throw ApplicationFailure.nonRetryable(`unknown activity "${mapper}"`, ERROR_TYPES.UnknownActivity);
  // The model is in the per-item input (mapper.input) or in the params merged with each item.
  const modelFrom = input.mapper.input ?? input.mapper.params;
  const proxy = proxyActivities<ActivityFunctions>(optionsOf(BATCH_SPEC, queueFor(mapper, modelFrom)));
  const output = await proxy[BATCH_ACTIVITY](input);
  recordUsage(output.usage);
  return output;
}

/** The project's internal activities on the CPU queue (no heartbeats), with their own timeout. */
function internalCpuActivities(startToCloseTimeoutMs: number) {
  return proxyActivities<ActivityFunctions>(
    optionsOf(
      { ...BATCH_SPEC, heartbeatTimeoutMs: undefined, startToCloseTimeoutMs },
      taskQueueNames(taskQueuePrefix()).cpu,
    ),
  );
}

/** Counts the items of a source that is read by reference (a `lines` file). */
export async function countSourceItems(source: ItemSource): Promise<SourceCount> {
  const counted: SourceCount | number = await internalCpuActivities(10 * 60_000)[COUNT_ITEMS_ACTIVITY](
    source,
  );
  return typeof counted === 'number' ? { items: counted, bytes: 0 } : counted;
}

/** Joins a batch pipeline's part files into its output file, on the CPU queue. */
export function commitBatchOutput(input: CommitOutputInput): Promise<{ bytes: number }> {
  return internalCpuActivities(30 * 60_000)[COMMIT_OUTPUT_ACTIVITY](input);
}
