import { ApplicationFailure } from '@temporalio/activity';
import type { ModelHost } from './model-host.js';

// Input checks shared by the llm.* activities: bad input fails at once, never retried.

export function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidInput');
}

export function requireString(value: unknown, field: string, activity: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(`${activity}: "${field}" must be a non-empty string`);
  return value;
}

export function requireStrings(value: unknown, field: string, activity: string, min = 1): string[] {
  if (!Array.isArray(value) || value.length < min || value.some((v) => typeof v !== 'string')) {
    throw invalid(`${activity}: "${field}" must be a list of at least ${min} string${min === 1 ? '' : 's'}`);
  }
  return value as string[];
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
  if (!host) throw ApplicationFailure.nonRetryable(`${activity}: model "${model}" is not loaded here`, 'UnknownModel');
  return host;
}
