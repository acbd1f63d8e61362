import {
  ApplicationFailure,
  executeChild,
  isCancellation,
  ParentClosePolicy,
  rootCause,
  workflowInfo,
} from '@temporalio/workflow';
import { PATTERN_WORKFLOW_TYPES, specProblems } from '../contracts/index.js';
import type { NodeOptions, PatternKind, TaskBody } from '../contracts/index.js';
import { runActivity } from './activity-runner.js';
import { inheritedMemo } from './routing.js';

/** Runs a task: an activity by name, or a nested pattern as a child workflow. */
export function runTask(task: TaskBody & NodeOptions, childKey: string, input?: unknown): Promise<unknown> {
  if ('pattern' in task) {
    return executeChild(PATTERN_WORKFLOW_TYPES[task.pattern], {
      workflowId: `${workflowInfo().workflowId}/${childKey}`,
      taskQueue: workflowInfo().taskQueue,
      args: [task.spec],
      // Should this run end abnormally, its children are asked to stop too.
      parentClosePolicy: ParentClosePolicy.REQUEST_CANCEL,
      memo: inheritedMemo(),
    });
  }
  return runActivity(task.activity, input === undefined ? task.input : input, {
    ...(task.retry ? { retry: task.retry } : {}),
    ...(task.timeoutMs !== undefined ? { timeoutMs: task.timeoutMs } : {}),
  });
}

/** The innermost message of a failure chain (activity/child failures wrap the real cause). */
export function failureMessage(err: unknown): string {
  const root = rootCause(err);
  if (root) return root;
  if (isCancellation(err)) return 'cancelled';
  return err instanceof Error ? err.message : String(err);
}

/** Validates a spec inside the workflow, failing the run for good with the API's own words. */
export function assertValidSpec(kind: PatternKind, spec: unknown): void {
  const problems = specProblems(kind, spec, {}, 'spec');
  if (problems.length > 0) {
    throw ApplicationFailure.nonRetryable(`invalid ${kind} spec: ${problems.join('; ')}`, 'InvalidSpec');
  }
}
