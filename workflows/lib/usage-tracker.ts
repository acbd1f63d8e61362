import { addUsage, emptyUsage } from '../contracts/index.js';
import type { Usage } from '../contracts/index.js';

// Token usage of this run. Module state is private to each workflow execution in Temporal's
// sandbox, so every LLM call made through runActivity, and every child run's reported usage,
// adds up here without being threaded through each call.
const usage: Usage = emptyUsage();

export function recordUsage(more: Usage | undefined): void {
  if (more) addUsage(usage, more);
}

/** A copy of the usage so far (this run, its finished children, and earlier runs of a chain). */
export function runUsage(): Usage {
  const copy = emptyUsage();
  addUsage(copy, usage);
  return copy;
}
