import { ApplicationFailure, makeContinueAsNewFunc, setHandler } from '@temporalio/workflow';
import { BATCH_PIPELINE_DEFAULTS, BATCH_RECORD_FIELD, progressQuery } from '../../contracts/index.js';
import type {
  BatchPipelineInput,
  BatchPipelineResult,
  BatchPipelineState,
  ItemSource,
  MapperSpec,
} from '../../contracts/index.js';
import { commitBatchOutput, countSourceItems, runBatch } from '../../lib/activity-runner.js';
import { runBounded } from '../../lib/concurrency.js';
import { mergeFailures } from '../../lib/failures.js';
import { fingerprint } from '../../lib/fingerprint.js';
import { historyNearLimit } from '../../lib/history-budget.js';
import { inheritedMemo } from '../../lib/routing.js';
import { recordUsage, runUsage } from '../../lib/usage-tracker.js';
import { roundTo } from '../../lib/format.js';
import { liveHandOver, liveRun, publishProgress } from '../../lib/live.js';
import { ERROR_TYPES } from '../../contracts/error-types.js';

// Stop launching in this run well before the history limits; the next round continues as new.
const HISTORY_EVENTS_SOFT_LIMIT = 6_000;

/** Each record's activity input: the params, and the record (or one field, or a template) in its field. */
function mapperOf(input: BatchPipelineInput): Required<Pick<MapperSpec, 'activity'>> & MapperSpec {
  const record = input.template
    ? { $template: input.template }
    : input.promptField
      ? { $template: `{{$item.${input.promptField}}}` }
      : input.input.format === 'jsonl'
        ? { $template: '{{$item}}' }
        : { $item: '' };
  return {
    activity: input.activity,
    input: { ...input.params, [BATCH_RECORD_FIELD[input.activity]]: record },
  };
}

/**
 * Batch inference over a file. Every record goes through the model in batches on its queue
 * (decoded together); each batch writes its outputs to a part file under the data folder, and
 * the parts are joined in order into the output file in one rename: complete or not there. A
 * part already on disk is not redone, so a rerun of the same request — after a crash, or a run
 * lost — resumes; the run continues as new between rounds of batches, carrying only counters.
 */
export function batchPipelineWorkflow(
  input: BatchPipelineInput,
  resume?: BatchPipelineState,
): Promise<BatchPipelineResult> {
  // Progress events only: records never stream tokens.
  return liveRun(undefined, () => batch(input, resume), resume?.live ? { prior: resume.live } : {});
}

async function batch(input: BatchPipelineInput, resume?: BatchPipelineState): Promise<BatchPipelineResult> {
  const source: ItemSource = {
    type: 'lines',
    path: input.input.path,
    format: input.input.format === 'jsonl' ? 'jsonl' : 'text',
  };
  const batchSize = input.batchSize ?? BATCH_PIPELINE_DEFAULTS.batchSize;
  let state = resume;
  if (!state) {
    const counted = await countSourceItems(source);
    // The same request over the same file finds the same parts folder.
    const key = fingerprint({ input, batchSize, bytes: counted.bytes, modifiedMs: counted.modifiedMs ?? 0 });
    const slash = input.output.path.lastIndexOf('/');
    state = {
      items: counted.items,
      partsDir: `${input.output.path.slice(0, slash + 1)}.${input.output.path.slice(slash + 1)}.parts/${key}`,
      nextBatch: 0,
      succeeded: 0,
      failed: 0,
      resumedBatches: 0,
      failures: [],
      startedAtMs: Date.now(),
      usage: runUsage(),
    };
  } else recordUsage(state.usage);
  const s = state;
  const batches = Math.ceil(s.items / batchSize);
  const elapsed = () => Math.max(0.001, (Date.now() - s.startedAtMs) / 1000);
  setHandler(progressQuery, () => ({
    stage: s.nextBatch < batches ? 'map' : 'write',
    total: s.items,
    done: s.succeeded + s.failed,
    failed: s.failed,
    itemsPerSecond: roundTo((s.succeeded + s.failed) / elapsed(), 1),
    tokensPerSecond: roundTo(runUsage().completionTokens / elapsed(), 1),
    usage: runUsage(),
  }));

  const mapper = mapperOf(input);
  const maxFailures = input.maxFailures ?? Number.MAX_SAFE_INTEGER;
  while (s.nextBatch < batches) {
    if (s.nextBatch > 0 && historyNearLimit(HISTORY_EVENTS_SOFT_LIMIT)) {
      const live = await liveHandOver();
      return makeContinueAsNewFunc<typeof batchPipelineWorkflow>({ memo: inheritedMemo() })(input, {
        ...s,
        usage: runUsage(),
        ...(live ? { live } : { live: undefined }),
      });
    }
    const first = s.nextBatch;
    const round_ = Math.min(BATCH_PIPELINE_DEFAULTS.roundBatches, batches - first);
    await runBounded(round_, input.maxConcurrency ?? BATCH_PIPELINE_DEFAULTS.maxConcurrency, async (i) => {
      const start = (first + i) * batchSize;
      const out = await runBatch({
        source,
        start,
        end: Math.min(start + batchSize, s.items),
        mapper,
        reducer: 'number.sum',
        onItemFailure: input.onItemFailure ?? 'skip',
        sink: { dir: s.partsDir },
      });
      s.succeeded += out.succeeded;
      s.failed += out.failed;
      if (out.resumed) s.resumedBatches++;
      s.failures = mergeFailures(s.failures, out.failures);
      publishProgress({ done: s.succeeded + s.failed, failed: s.failed, total: s.items });
      if (s.failed > maxFailures) {
        throw ApplicationFailure.nonRetryable(
          `${s.failed} records failed, more than maxFailures (${maxFailures}); the parts written so far are kept for a rerun`,
          ERROR_TYPES.TooManyFailures,
          { failures: s.failures, usage: runUsage() },
        );
      }
    });
    s.nextBatch = first + round_;
  }
  await commitBatchOutput({
    dir: s.partsDir,
    output: input.output.path,
    starts: Array.from({ length: batches }, (_, b) => b * batchSize),
  });
  const seconds = elapsed();
  const usage = runUsage();
  return {
    output: input.output.path,
    items: s.items,
    succeeded: s.succeeded,
    failed: s.failed,
    failures: s.failures,
    resumedBatches: s.resumedBatches,
    seconds: roundTo(seconds, 1),
    itemsPerSecond: roundTo(s.items / seconds, 1),
    tokensPerSecond: roundTo(usage.completionTokens / seconds, 1),
    usage,
  };
}
