// A run's choice about the result cache ({ "cache": "use" } on a pipeline's body): every model
// call the run makes through runActivity carries it, unless the call's input sets its own.
import type { CacheOption } from '../contracts/index.js';

let runCache: CacheOption['cache'];

/** Sets the run's cache choice (undefined: the deployment's default, LLM_CACHE). */
export function useRunCache(mode: CacheOption['cache']): void {
  runCache = mode;
}

/** The field a model call's input gets from the run, if any. */
export function withRunCache<T>(input: T): T {
  if (runCache === undefined || typeof input !== 'object' || input === null || 'cache' in input) return input;
  return { ...input, cache: runCache };
}
