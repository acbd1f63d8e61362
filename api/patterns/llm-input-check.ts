// The model-call inputs written literally inside a pattern spec (a task's or node's `input`, a
// mapper's or reducer's `params`), checked by the llm.* activities' own input schemas. A field
// built by a marker is known only at run time: the activity checks it then (non-retryably).
import type { z } from 'zod';
import { LLM_INPUT_SCHEMAS, RUN_SET_FIELDS } from '../../activities/llm/llm-input-schemas.js';
import { ACTIVITY_REGISTRY, asMarker, isActivityName, isObject } from '../../workflows/contracts/index.js';
import type { LlmActivityName } from '../../workflows/contracts/index.js';
import { describeIssues } from '../common/zod-body.pipe.js';

function isLlmActivity(name: unknown): name is LlmActivityName {
  return typeof name === 'string' && isActivityName(name) && ACTIVITY_REGISTRY[name].queue === 'llm';
}

/** True when a marker sits anywhere inside the value (iteratively: bodies are depth-checked first). */
function holdsMarker(value: unknown): boolean {
  const stack = [value];
  while (stack.length > 0) {
    const v = stack.pop();
    if (asMarker(v) !== undefined) return true;
    if (Array.isArray(v)) stack.push(...(v as unknown[]));
    else if (isObject(v)) stack.push(...Object.values(v));
  }
  return false;
}

function check(activity: LlmActivityName, input: Record<string, unknown>, at: string, out: string[]): void {
  for (const key of RUN_SET_FIELDS)
    if (key in input) out.push(`${at}.${key}: "${key}" is set by the run itself`);
  const literal = Object.fromEntries(Object.entries(input).filter(([, v]) => !holdsMarker(v)));
  // Partial: the rest comes from markers, the mapped item or (for params) the batch.
  const schema = (LLM_INPUT_SCHEMAS[activity] as z.ZodObject).partial();
  const parsed = schema.safeParse(literal);
  if (!parsed.success) out.push(...describeIssues(parsed.error, at));
}

/** "path: problem" for every literal llm.* input field of the wrong type or range in a spec. */
export function llmInputProblems(spec: unknown, root = 'body'): string[] {
  const out: string[] = [];
  const stack: Array<[unknown, string]> = [[spec, root]];
  while (stack.length > 0) {
    const [v, at] = stack.pop()!;
    if (Array.isArray(v)) {
      v.forEach((x, i) => stack.push([x, `${at}[${i}]`]));
      continue;
    }
    if (!isObject(v) || asMarker(v) !== undefined) continue;
    if (isLlmActivity(v.activity))
      for (const field of ['input', 'params'] as const) {
        const value = v[field];
        if (isObject(value) && asMarker(value) === undefined) check(v.activity, value, `${at}.${field}`, out);
      }
    // Inline items and forEach lists are data, whatever keys they hold.
    for (const [k, x] of Object.entries(v))
      if (k !== 'items' && k !== 'forEach') stack.push([x, `${at}.${k}`]);
  }
  return out;
}
