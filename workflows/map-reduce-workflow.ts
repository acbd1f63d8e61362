import { ApplicationFailure, makeContinueAsNewFunc, setHandler } from '@temporalio/workflow';
import {
  ACTIVITY_REGISTRY,
  DEFAULTS,
  isActivityName,
  jsonBytes,
  LIMITS,
  NO_OUTPUTS,
  progressQuery,
  resolveMarkers,
  WORKFLOW_TYPES,
} from './contracts/index.js';
import type {
  LiveCarry,
  ItemFailure,
  ItemSource,
  MapperSpec,
  MapReduceProgress,
  MapReduceResult,
  MapReduceSpec,
  ReducerSpec,
  Usage,
} from './contracts/index.js';
import { countSourceItems, runBatch } from './lib/activity-runner.js';
import { runBounded } from './lib/concurrency.js';
import { mergeFailures } from './lib/failures.js';
import { historyNearLimit } from './lib/history-budget.js';
import { OrderedFold } from './lib/ordered-fold.js';
import type { Partial } from './lib/ordered-fold.js';
import { isInProcessReducer, reducerSpecOf } from './lib/reduce-values.js';
import { inheritedMemo } from './lib/routing.js';
import { assertValidSpec, runChild } from './lib/run-task.js';
import { liveHandOver, liveRun, publishProgress } from './lib/live.js';
import { recordUsage, runUsage } from './lib/usage-tracker.js';
import { ERROR_TYPES } from './contracts/error-types.js';

/**
 * What one run works on. The root run derives it from the spec; child runs and
 * continued-as-new runs receive it, so every run of the tree knows its slice of the items and
 * (after continue-as-new) how far it got and the partial reduction so far: the checkpoint.
 */
export interface MapReduceRun {
  source: ItemSource;
  /** Items [start, end) of `source`. */
  start: number;
  end: number;
  /** Added to source indices when reporting failures (inline slices are re-based). */
  indexBase: number;
  maxConcurrency: number;
  startedAtMs: number;
  /** Leaf progress, carried across continue-as-new. */
  next: number;
  acc: Partial;
  done: number;
  failed: number;
  batches: number;
  failures: ItemFailure[];
  /** Token usage of the earlier runs of this chain (absent in runs started before usage was kept). */
  usage?: Usage;
  /** The live stream's state, carried across continue-as-new (absent in a tree's children). */
  live?: LiveCarry;
}

interface Settings {
  mapper: Required<Pick<MapperSpec, 'activity'>> & MapperSpec;
  reducer: ReducerSpec;
  /** What each batch folds its outputs with: the reducer, or list.concat for an LLM reducer. */
  batchReducer: string;
  batchSize: number;
  onItemFailure: 'fail' | 'skip';
  maxFailures: number;
  leafBatches: number;
  batchesPerRun: number;
  fanout: number;
}

function settingsOf(spec: MapReduceSpec): Settings {
  const mapper = typeof spec.mapper === 'string' ? { activity: spec.mapper } : spec.mapper;
  const reducer = reducerSpecOf(spec.reducer);
  // Only $literal markers can be left here (the rest were resolved before this run started).
  const final = <T>(v: T): T => resolveMarkers(v, { outputs: NO_OUTPUTS }, { strict: true }) as T;
  return {
    mapper: mapper.params ? { ...mapper, params: final(mapper.params) } : mapper,
    reducer: reducer.params ? { ...reducer, params: final(reducer.params) } : reducer,
    batchReducer: isInProcessReducer(reducer) ? reducer.activity : 'list.concat',
    batchSize: spec.batchSize ?? DEFAULTS.batchSize,
    onItemFailure: spec.onItemFailure ?? 'fail',
    maxFailures: spec.maxFailures ?? Number.MAX_SAFE_INTEGER,
    leafBatches: spec.tree?.leafBatches ?? DEFAULTS.leafBatches,
    batchesPerRun: spec.tree?.batchesPerRun ?? DEFAULTS.batchesPerRun,
    fanout: spec.tree?.fanout ?? DEFAULTS.fanout,
  };
}

// Stop scheduling in this run well before the history limits; the rest continues as new.
const HISTORY_EVENTS_SOFT_LIMIT = 8_000;

/**
 * Items per batch when the spec gives none. A file read by a CPU mapper is cut by bytes: about
 * BATCH_BYTES a batch, so a batch costs far more work than its scheduling and its history
 * events do, whatever the line length. Model calls stay at DEFAULTS.batchSize (their cost is the
 * call, not the bytes).
 */
const BATCH_BYTES = DEFAULTS.cpuBatchBytes;

function defaultBatchSize(spec: MapReduceSpec, items: number, bytes: number): number {
  const mapper = typeof spec.mapper === 'string' ? spec.mapper : spec.mapper.activity;
  const cpu = isActivityName(mapper) && ACTIVITY_REGISTRY[mapper].queue === 'cpu';
  if (!cpu || bytes === 0 || items === 0) return DEFAULTS.batchSize;
  const perItem = bytes / items;
  return Math.min(LIMITS.batchSize, Math.max(DEFAULTS.batchSize, Math.floor(BATCH_BYTES / perItem)));
}

/** The root run's state, and its spec with the batch size fixed for every run of the tree. */
async function firstRun(spec: MapReduceSpec): Promise<{ run: MapReduceRun; spec: MapReduceSpec }> {
  assertValidSpec('map-reduce', spec);
  let source: ItemSource;
  // Validated: items that were a marker were resolved before this run started.
  if (Array.isArray(spec.items)) {
    if (jsonBytes(spec.items) > LIMITS.inlineItemsBytes) {
      throw ApplicationFailure.nonRetryable(
        `inline items exceed ${LIMITS.inlineItemsBytes} bytes: pass large inputs by reference with "source"`,
        ERROR_TYPES.InvalidSpec,
      );
    }
    source = { type: 'inline', items: spec.items };
  } else {
    source = spec.source!;
  }
  let total = countOf(source);
  let batchSize = spec.batchSize ?? DEFAULTS.batchSize;
  if (source.type === 'lines') {
    const counted = await countSourceItems(source);
    total = counted.items;
    batchSize = spec.batchSize ?? defaultBatchSize(spec, counted.items, counted.bytes);
  }
  const batches = Math.ceil(total / batchSize);
  if (batches > LIMITS.batches) {
    throw ApplicationFailure.nonRetryable(
      `${total} lines in batches of ${batchSize} make ${batches} batches, more than the ${LIMITS.batches} one run may create: use a larger batchSize`,
      ERROR_TYPES.TooMuchWork,
    );
  }
  const run: MapReduceRun = {
    source,
    start: 0,
    end: total,
    indexBase: 0,
    maxConcurrency: spec.maxConcurrency ?? DEFAULTS.maxConcurrency,
    startedAtMs: Date.now(),
    next: 0,
    acc: { has: false },
    done: 0,
    failed: 0,
    batches: 0,
    failures: [],
  };
  return { run, spec: batchSize === (spec.batchSize ?? DEFAULTS.batchSize) ? spec : { ...spec, batchSize } };
}

function countOf(source: ItemSource): number {
  if (source.type === 'inline') return source.items.length;
  if (source.type === 'range') return source.end - source.start;
  return 0; // lines: counted by an activity
}

function result(run: MapReduceRun, acc: Partial): MapReduceResult {
  return {
    result: acc.has ? acc.value : null,
    stats: {
      items: run.end - run.start,
      batches: run.batches,
      failed: run.failed,
      durationMs: Date.now() - run.startedAtMs,
    },
    failures: run.failures,
    usage: runUsage(),
  };
}

/** Inline items travel once, in the run's source slice; passing the spec on must not copy them again. */
function withoutItems(spec: MapReduceSpec): MapReduceSpec {
  const { items: _items, ...rest } = spec;
  return rest;
}

function checkFailures(failed: number, s: Settings): void {
  if (failed > s.maxFailures) {
    throw ApplicationFailure.nonRetryable(
      `${failed} items failed, more than maxFailures (${s.maxFailures})`,
      ERROR_TYPES.TooManyFailures,
    );
  }
}

/**
 * Map-reduce over items given inline or by reference. Items go in batches (one activity each:
 * map every item, fold with the reducer), at most `maxConcurrency` at once, partial results
 * folded in order in a reduction tree. Large inputs split into a tree of child runs (at most
 * `fanout` children per parent) and each leaf continues as new every `batchesPerRun` batches,
 * carrying its partial as the checkpoint, so no run's history grows past a few thousand events.
 */
export function mapReduceWorkflow(spec: MapReduceSpec, resume?: MapReduceRun): Promise<MapReduceResult> {
  // Progress events only (items never stream tokens); the tree's children report through their parent.
  return liveRun(undefined, () => mapReduce(spec, resume), {
    ...(resume?.live ? { prior: resume.live } : {}),
    partOfParent: true,
  });
}

async function mapReduce(spec: MapReduceSpec, resume?: MapReduceRun): Promise<MapReduceResult> {
  const first = resume ? undefined : await firstRun(spec);
  const run = resume ?? first!.run;
  // From here on the spec carries the batch size the root chose: children and continued runs get it.
  const effective = first?.spec ?? spec;
  const s = settingsOf(effective);
  recordUsage(run.usage);
  const batchCount = Math.ceil((run.end - run.start) / s.batchSize);
  return batchCount > s.leafBatches && run.next === 0
    ? splitIntoChildren(effective, s, run)
    : runLeaf(effective, s, run);
}

async function runLeaf(spec: MapReduceSpec, s: Settings, run: MapReduceRun): Promise<MapReduceResult> {
  let running = 0;
  setHandler(progressQuery, (): MapReduceProgress & Record<string, unknown> => ({
    total: run.end - run.start,
    done: run.done,
    failed: run.failed,
    running,
    usage: runUsage(),
  }));
  const from = run.start + run.next;
  const batchesLeft = Math.ceil((run.end - from) / s.batchSize);
  const fold = new OrderedFold(s.reducer, DEFAULTS.reduceFanIn, run.acc);
  const stop = () => historyNearLimit(HISTORY_EVENTS_SOFT_LIMIT);
  const launched = await runBounded(
    Math.min(batchesLeft, s.batchesPerRun),
    run.maxConcurrency,
    async (i) => {
      const start = from + i * s.batchSize;
      const end = Math.min(start + s.batchSize, run.end);
      running += end - start;
      try {
        const source =
          run.source.type === 'inline'
            ? { type: 'inline' as const, items: run.source.items.slice(start, end) }
            : run.source;
        const out = await runBatch({
          source,
          start,
          end,
          ...(s.mapper.input !== undefined ? { indexBase: run.indexBase } : {}),
          mapper: s.mapper,
          reducer: s.batchReducer,
          onItemFailure: s.onItemFailure,
        });
        run.batches++;
        run.done += end - start;
        run.failed += out.failed;
        run.failures = mergeFailures(run.failures, out.failures, run.indexBase);
        checkFailures(run.failed, s);
        publishProgress({ done: run.done, failed: run.failed, total: run.end - run.start });
        fold.add(i, 'value' in out ? { has: true, value: out.value } : { has: false });
      } finally {
        running -= end - start;
      }
    },
    stop,
  );
  const acc = await fold.finish();
  const next = run.next + launched * s.batchSize;
  if (run.start + next < run.end) {
    // Checkpoint: everything so far is folded into `acc`; the next run starts where this ended.
    const live = await liveHandOver();
    return makeContinueAsNewFunc<typeof mapReduceWorkflow>({ memo: inheritedMemo() })(withoutItems(spec), {
      ...run,
      next,
      acc,
      usage: runUsage(),
      ...(live ? { live } : {}),
    });
  }
  return result(run, acc);
}

async function splitIntoChildren(
  spec: MapReduceSpec,
  s: Settings,
  run: MapReduceRun,
): Promise<MapReduceResult> {
  const batchCount = Math.ceil((run.end - run.start) / s.batchSize);
  const childCount = Math.min(s.fanout, Math.ceil(batchCount / s.leafBatches));
  const perChildBatches = Math.ceil(batchCount / childCount);
  const parts = Array.from({ length: childCount }, (_, k) => {
    const start = run.start + k * perChildBatches * s.batchSize;
    return { start, end: Math.min(start + perChildBatches * s.batchSize, run.end) };
  }).filter((p) => p.start < p.end);
  // Share maxConcurrency among the children that run at once, so the whole tree stays within it.
  const concurrentChildren = Math.min(parts.length, run.maxConcurrency);
  const perChildConcurrency = Math.max(1, Math.floor(run.maxConcurrency / concurrentChildren));

  const progress = { done: 0, failed: 0, running: 0 };
  setHandler(progressQuery, () => ({
    total: run.end - run.start,
    ...progress,
    children: parts.length,
    usage: runUsage(),
  }));
  const fold = new OrderedFold(s.reducer, DEFAULTS.reduceFanIn);
  let failures: ItemFailure[] = [];
  let batches = 0;

  await runBounded(parts.length, concurrentChildren, async (k) => {
    const part = parts[k]!;
    const inline = run.source.type === 'inline';
    const child: MapReduceRun = {
      ...run,
      source: inline
        ? { type: 'inline', items: (run.source as { items: unknown[] }).items.slice(part.start, part.end) }
        : run.source,
      start: inline ? 0 : part.start,
      end: inline ? part.end - part.start : part.end,
      indexBase: inline ? run.indexBase + part.start : run.indexBase,
      maxConcurrency: perChildConcurrency,
      startedAtMs: Date.now(),
      usage: undefined, // a child counts its own; this run adds its result's
      live: undefined, // a child publishes nothing of its own
    };
    progress.running += part.end - part.start;
    try {
      const r = await runChild<MapReduceResult>(WORKFLOW_TYPES.mapReduce, `part-${k}`, [
        withoutItems(spec),
        child,
      ]);
      batches += r.stats.batches;
      progress.done += r.stats.items;
      progress.failed += r.stats.failed;
      failures = mergeFailures(failures, r.failures);
      checkFailures(progress.failed, s);
      publishProgress({ done: progress.done, failed: progress.failed, total: run.end - run.start });
      fold.add(k, r.stats.items > r.stats.failed ? { has: true, value: r.result } : { has: false });
    } finally {
      progress.running -= part.end - part.start;
    }
  });
  const acc = await fold.finish();
  return {
    result: acc.has ? acc.value : null,
    stats: {
      items: run.end - run.start,
      batches,
      failed: progress.failed,
      durationMs: Date.now() - run.startedAtMs,
    },
    failures,
    usage: runUsage(),
  };
}
