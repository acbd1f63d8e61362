import { NO_OUTPUTS, resolveMarkers } from '../contracts/index.js';
import type { MarkerValues, TaskBody, TaskOptions } from '../contracts/index.js';

export type TaskWithOptions = TaskBody & TaskOptions;

/** The activity or nested pattern of a task or node, with its options and nothing else. */
export function bodyOf(task: TaskWithOptions): TaskWithOptions {
  if ('pattern' in task) return { pattern: task.pattern, spec: task.spec };
  return {
    activity: task.activity,
    input: task.input,
    ...(task.retry ? { retry: task.retry } : {}),
    ...(task.timeoutMs !== undefined ? { timeoutMs: task.timeoutMs } : {}),
  };
}

/**
 * The body with its markers resolved against `values`. An activity input must resolve fully
 * (`final`); a nested spec keeps the markers that belong to its own nodes for its own run.
 * `$ref` is read as `$from` here, so runs started before the rename go on the same way.
 */
export function resolveBody(body: TaskWithOptions, values: MarkerValues, final: boolean): TaskWithOptions {
  if ('pattern' in body) {
    const spec = resolveMarkers(body.spec, values, { legacyRef: true, nestedSpec: true });
    return { ...body, spec: spec as typeof body.spec };
  }
  return { ...body, input: resolveMarkers(body.input, values, { legacyRef: true, strict: final }) };
}

/** A top-level scatter-gather task: no upstream outputs, so only `$literal` markers unwrap. */
export function resolveTask(task: TaskWithOptions): TaskWithOptions {
  return resolveBody(bodyOf(task), { outputs: NO_OUTPUTS }, true);
}
