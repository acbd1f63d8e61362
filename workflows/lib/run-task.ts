import {
  ApplicationFailure,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  rootCause,
  workflowInfo,
} from '@temporalio/workflow';
import { invariantViolations, PATTERN_WORKFLOW_TYPES, usageField } from '../contracts/index.js';
import type { PatternKind, TaskBody, TaskOptions, Usage } from '../contracts/index.js';
import { runActivityNamed } from './activity-runner.js';
import { childLiveMemo } from './live.js';
import { inheritedMemo } from './routing.js';
import { recordUsage } from './usage-tracker.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

/**
 * Runs a child workflow of this deployment (same task queue, routing memo, cancelled with this
 * run) and adds the usage its result reports (or its failure's details) to this run's usage.
 */
export async function runChild<R extends { usage?: Usage }>(
  workflowType: string,
  childKey: string,
  args: unknown[],
  /** The branch the child runs for: a live run's child publishes its events there. */
  livePath?: string,
): Promise<R> {
  try {
    const result = await executeChild<(...a: unknown[]) => Promise<R>>(workflowType, {
      workflowId: `${workflowInfo().workflowId}/${childKey}`,
      taskQueue: workflowInfo().taskQueue,
      args,
      // Should this run end abnormally, its children are asked to stop too.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      memo: { ...inheritedMemo(), ...childLiveMemo(livePath) },
    });
    recordUsage(usageField(result));
    return result;
  } catch (err) {
    recordUsage(usageField(failureDetails(err)));
    throw err;
  }
}

/** The ApplicationFailure inside an activity's or child's failure (its type, message, details), if any. */
export function applicationFailureOf(err: unknown): ApplicationFailure | undefined {
  let e: unknown = err;
  for (let i = 0; i < 5 && e instanceof Error; i++) {
    if (e instanceof ApplicationFailure) return e;
    e = e.cause;
  }
  return undefined;
}

/** The first detail of the ApplicationFailure at the root of a child's failure, if any. */
function failureDetails(err: unknown): unknown {
  return applicationFailureOf(err)?.details?.[0];
}

/** Runs a task of a JSON spec (markers already resolved): an activity by name, or a nested pattern as a child run. */
export function runTask(task: TaskBody & TaskOptions, childKey: string, livePath?: string): Promise<unknown> {
  if ('pattern' in task)
    return runChild(PATTERN_WORKFLOW_TYPES[task.pattern], childKey, [task.spec], livePath);
  return runActivityNamed(task.activity, task.input, {
    ...(task.retry ? { retry: task.retry } : {}),
    ...(task.timeoutMs !== undefined ? { timeoutMs: task.timeoutMs } : {}),
    ...(livePath !== undefined ? { livePath } : {}),
  });
}

/** The innermost message of a failure chain (activity/child failures wrap the real cause). */
export function failureMessage(err: unknown): string {
  const root = rootCause(err);
  if (root) return root;
  if (isCancellation(err)) return 'cancelled';
  return err instanceof Error ? err.message : String(err);
}

/**
 * Checks the execution invariants (contracts/patterns/execution-invariants.ts) before anything is
 * scheduled, failing the run for good when one is broken. Admission (the spec schema) ran in the
 * API or client; it is not repeated here, so its rules can change without touching replay.
 */
export function assertValidSpec(kind: PatternKind, spec: unknown): void {
  const problems = invariantViolations(kind, spec, 'spec');
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(
      `invalid ${kind} spec: ${problems.join('; ')}`,
      ERROR_TYPES.InvalidSpec,
    );
  }
}
