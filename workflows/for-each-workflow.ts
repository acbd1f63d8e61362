import { runElement } from './lib/for-each-node.js';
import { forEach } from './lib/for-each.js';
import { runUsage } from './lib/usage-tracker.js';
import type { ForEachChunkInput, ForEachChunkResult } from './contracts/index.js';

/** Internal: one chunk of a large DAG forEach, so the parent's history stays small. */
export async function forEachWorkflow(input: ForEachChunkInput): Promise<ForEachChunkResult> {
  const { body, items, indexBase } = input;
  const r = await forEach(items, (item, i) => runElement(body, item, indexBase + i, `${indexBase + i}`), {
    maxConcurrency: input.maxConcurrency,
    onItemFailure: input.onItemFailure,
    indexBase,
  });
  return { outputs: r.outputs, stats: r.stats, usage: runUsage() };
}
