import { ApplicationFailure } from '@temporalio/activity';
import type { z } from 'zod';
import type { LlmActivityName } from '../../workflows/contracts/index.js';
import { issuesOf, LLM_INPUT_SCHEMAS } from './llm-input-schemas.js';
import type { ModelHost } from './model-host.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

// Input checks shared by the llm.* activities: bad input fails at once, never retried.

export function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, ERROR_TYPES.InvalidInput);
}

export function requireString(value: unknown, field: string, activity: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(`${activity}: "${field}" must be a non-empty string`);
  return value;
}

type InputOf<K extends LlmActivityName> = z.infer<(typeof LLM_INPUT_SCHEMAS)[K]>;

/**
 * Wraps an llm.* activity so its input is checked against its schema before anything reaches
 * node-llama-cpp: a workflow (or a user's own code) may call it directly with anything. A bad
 * input is a non-retryable InvalidInput failure naming every wrong field.
 */
export function checkedInput<K extends LlmActivityName, R>(
  activity: K,
  fn: (input: InputOf<K>) => Promise<R>,
): (input: InputOf<K>) => Promise<R> {
  const schema = LLM_INPUT_SCHEMAS[activity] as unknown as z.ZodType<InputOf<K>>;
  return (input) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success)
      return Promise.reject(invalid(`${activity}: ${issuesOf(parsed.error, 'input').join('; ')}`));
    return fn(parsed.data);
  };
}

/** Texts given as strings or `{ text }` outputs; nulls (skipped forEach elements) are left out. */
export function requireTexts(value: unknown, field: string, activity: string): string[] {
  const must = `${activity}: "${field}" must be a non-empty list of strings or { "text": string } objects`;
  if (!Array.isArray(value)) throw invalid(must);
  const texts = value.flatMap((v, i): string[] => {
    if (v === null) return [];
    if (typeof v === 'string') return [v];
    const text = (v as { text?: unknown } | undefined)?.text;
    if (typeof text === 'string') return [text];
    throw invalid(`${must}; element ${i} is neither`);
  });
  if (texts.length === 0) throw invalid(must);
  return texts;
}

/** The host of the model an input names. */
export function hostFor(
  hosts: ReadonlyMap<string, ModelHost>,
  input: { model?: unknown } | undefined,
  activity: string,
): ModelHost {
  const model = requireString(input?.model, 'model', activity);
  const host = hosts.get(model);
  // A queue per model means this only happens when queues are misconfigured.
  if (!host)
    throw ApplicationFailure.nonRetryable(
      `${activity}: model "${model}" is not loaded here`,
      ERROR_TYPES.UnknownModel,
    );
  return host;
}

/**
 * Parses grammar-constrained output. It can only fail to parse when generation stopped at
 * maxTokens before the JSON closed: the same request would stop there again, so that fails
 * for good, saying what to change.
 */
export function parseConstrained<T>(parse: () => T, activity: string, completionTokens: number): T {
  try {
    return parse();
  } catch (err) {
    throw ApplicationFailure.nonRetryable(
      `${activity}: the output stopped after ${completionTokens} tokens, before the JSON was complete: raise maxTokens or bound the schema's strings (maxLength) (${(err as Error).message})`,
      ERROR_TYPES.OutputTruncated,
    );
  }
}
