import { RESEARCH_INDEX_DEFAULTS } from '../../contracts/index.js';
import type { ResearchIndexInput, ResearchIndexResult } from '../../contracts/index.js';
import { runActivity } from '../../lib/activity-runner.js';
import { mapReduce } from '../../lib/map-reduce.js';
import { StageProgress } from '../../lib/stage-progress.js';
import { runUsage } from '../../lib/usage-tracker.js';
import { liveRun } from '../../lib/live.js';

/**
 * Builds a collection's research index, or finds it current. Prepare fingerprints the files
 * and, when they changed, chunks them and builds the keyword index; the chunks are embedded by
 * a map-reduce over shards on the model's queue (each shard written to disk once, so a crash
 * or a rerun resumes where it stopped); commit joins the shards and writes the manifest.
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
  const embedded = await mapReduce(
    {
      source: { type: 'range', start: 0, end: plan.shards },
      mapper: { activity: 'research.embedShard', input: { model, index: plan.index, shard: { $item: '' } } },
      reducer: 'list.collect',
      // Embedding is serial per model; small batches keep a retried batch short.
      batchSize: 2,
      maxConcurrency: 2,
    },
    'embed',
  );
  progress.stage('commit', 1);
  const manifest = await runActivity('research.commitIndex', { index: plan.index });
  progress.stage('done');
  const outputs = embedded.result as Array<{ cached: boolean } | null>;
  const shards = { total: plan.shards, reused: outputs.filter((o) => o?.cached).length };
  return { ...summary, status: 'built', dimensions: manifest.dimensions, shards, usage: runUsage() };
}
