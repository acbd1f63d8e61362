import { ACTIVITY_REGISTRY, asText, isActivityName } from '../contracts/index.js';
import type { ReducerSpec } from '../contracts/index.js';
import { runActivityNamed } from './activity-runner.js';

/** The reducer as `{ activity, params? }`. */
export function reducerSpecOf(reducer: string | ReducerSpec): ReducerSpec {
  return typeof reducer === 'string' ? { activity: reducer } : reducer;
}

/** True for a reducer a batch can run in-process (CPU); an llm.* reducer runs as its own activity. */
export function isInProcessReducer(reducer: ReducerSpec): boolean {
  return isActivityName(reducer.activity) && ACTIVITY_REGISTRY[reducer.activity].queue === 'cpu';
}

function flattenTexts(values: unknown[], out: string[] = []): string[] {
  for (const v of values) {
    if (Array.isArray(v)) flattenTexts(v, out);
    else if (v !== null && typeof v === 'object' && typeof (v as { text?: unknown }).text === 'string')
      out.push((v as { text: string }).text);
    else out.push(asText(v));
  }
  return out;
}

/**
 * Folds values with a reducer activity. An LLM reducer (llm.synthesize) gets them as texts:
 * lists are spliced and outputs with a `text` field give that text.
 */
export function reduceValues(reducer: ReducerSpec, values: unknown[]): Promise<unknown> {
  if (isInProcessReducer(reducer)) return runActivityNamed(reducer.activity, values);
  return runActivityNamed(reducer.activity, { ...reducer.params, texts: flattenTexts(values) });
}
