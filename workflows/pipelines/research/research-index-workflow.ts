import { patched } from '@temporalio/workflow';
import { RESEARCH_INDEX_DEFAULTS } from '../../contracts/index.js';
import type { ResearchIndexInput, ResearchIndexResult } from '../../contracts/index.js';
import { runActivity } from '../../lib/activity-runner.js';
import { forEach } from '../../lib/for-each.js';
import { mapReduce } from '../../lib/map-reduce.js';
import { StageProgress } from '../../lib/stage-progress.js';
import { runUsage } from '../../lib/usage-tracker.js';
import { liveRun } from '../../lib/live.js';

/**
 * Indexes of up to this many shards (8 192 chunks of the default 32) embed their shards from this
 * run, counted in its progress as they finish; bigger ones hand them to a map-reduce child run,
 * which keeps this run's history short (about 3 events a shard).
 */
export const INLINE_SHARDS = 256;

/** Index runs recorded before shards embedded inline replay their map-reduce child run. */
export const INLINE_SHARDS_PATCH = 'research-index-inline-shards';

/**
 * Builds a collection's research index, or finds it current. Prepare fingerprints the files
 * and, when they changed, chunks them and builds the keyword index; the chunks are embedded in
 * shards on the model's queue, from this run or a map-reduce child (see INLINE_SHARDS), each
 * shard written to disk once, so a crash or a rerun resumes where it stopped; commit joins the
 * shards and writes the manifest.
 */
export function researchIndexWorkflow(input: ResearchIndexInput): Promise<ResearchIndexResult> {
  return liveRun(undefined, () => researchIndexSteps(input));
}

async function researchIndexSteps(input: ResearchIndexInput): Promise<ResearchIndexResult> {
  const progress = new StageProgress();
  const { collection, model } = input;
  progress.stage('scan', 1);
  const plan = await runActivity('research.prepareIndex', {
    collection,
    model,
    chunkChars: input.chunkChars ?? RESEARCH_INDEX_DEFAULTS.chunkChars,
    embedTokens: input.embedTokens ?? RESEARCH_INDEX_DEFAULTS.embedTokens,
    shardSize: input.shardSize ?? RESEARCH_INDEX_DEFAULTS.shardSize,
  });
  const summary = { index: plan.index, collection, model, files: plan.files, chunks: plan.chunks };
  if (plan.status === 'current') {
    progress.stage('done');
    const shards = { total: plan.shards, reused: plan.shards };
    return { ...summary, status: 'current', dimensions: plan.dimensions ?? 0, shards, usage: runUsage() };
  }
  progress.stage('embed', plan.shards);
  const outputs = await embedShards(model, plan.index, plan.shards, progress);
  progress.stage('commit', 1);
  const manifest = await runActivity('research.commitIndex', { index: plan.index });
  progress.stage('done');
  const shards = { total: plan.shards, reused: outputs.filter((o) => o?.cached).length };
  return { ...summary, status: 'built', dimensions: manifest.dimensions, shards, usage: runUsage() };
}

/** Every shard embedded (or found on disk): inline with progress, or by a map-reduce child run. */
async function embedShards(
  model: string,
  index: string,
  shards: number,
  progress: StageProgress,
): Promise<Array<{ cached: boolean } | null>> {
  if (shards <= INLINE_SHARDS && patched(INLINE_SHARDS_PATCH)) {
    const shardIds = Array.from({ length: shards }, (_, i) => i);
    // A few more than the model embeds at once, so the next shard is queued when one finishes.
    const { outputs } = await forEach(
      shardIds,
      (shard) => runActivity('research.embedShard', { model, index, shard }),
      { maxConcurrency: 4, onProgress: progress.trackEach },
    );
    return outputs;
  }
  const embedded = await mapReduce(
    {
      source: { type: 'range', start: 0, end: shards },
      mapper: { activity: 'research.embedShard', input: { model, index, shard: { $item: '' } } },
      reducer: 'list.collect',
      // Small batches keep a retried batch short.
      batchSize: 2,
      maxConcurrency: 2,
    },
    'embed',
  );
  return embedded.result as Array<{ cached: boolean } | null>;
}
