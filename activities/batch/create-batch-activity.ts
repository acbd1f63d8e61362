import { setMaxListeners } from 'node:events';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { BatchInput, BatchOutput, ItemFailure } from '../../workflows/contracts/index.js';
import {
  addUsage,
  COLLECT_REDUCER,
  emptyUsage,
  MarkerError,
  MAX_RECORDED_FAILURES,
  NO_OUTPUTS,
  resolveMarkers,
  usageOfLlmOutput,
} from '../../workflows/contracts/index.js';
import { REDUCERS } from '../reducers.js';
import { readItems } from '../sources/read-items.js';
import { partFile, partsFolder, readPart, writePart } from '../sources/sink.js';
import { BATCH_FOLDS } from './batch-folds.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

type Mapper = (input: never) => Promise<unknown>;

/** Well inside the batch's 10 s heartbeat timeout, after which a dead worker's batch is retried elsewhere. */
const BATCH_HEARTBEAT_EVERY_MS = 2_000;

export interface BatchActivityDeps {
  /** The activities this worker serves, callable in-process as mappers. */
  mappers: Record<string, Mapper>;
  dataDir: string;
  /** Items of one batch mapped at once (an LLM worker uses its sequence count). */
  itemConcurrency: number;
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The item's error, naming the item, as retryable as the original. */
function itemFailure(index: number, err: unknown): ApplicationFailure {
  const original = err instanceof ApplicationFailure ? err : undefined;
  return ApplicationFailure.create({
    message: `item ${index}: ${errorMessage(err)}`,
    type: original?.type ?? (err instanceof Error ? err.name : 'Error'),
    nonRetryable: original?.nonRetryable ?? false,
    cause: err instanceof Error ? err : undefined,
  });
}

/**
 * `batch.mapReduce`: reads items [start, end) of the source, maps each through the mapper
 * in-process (so a batch costs one activity in history, not one per item), and folds the
 * results with the reducer. Served by every worker whose activities can be mappers, on the
 * mapper's own queue.
 */
/** `batch_batches_total` and `batch_items_total` (by outcome) on the worker's metrics, tagged by mapper. */
function counted(input: BatchInput, output: BatchOutput): BatchOutput {
  if (output.resumed) return output; // written by an earlier attempt, counted then
  const meter = Context.current().metricMeter;
  const tags = { mapper: input.mapper.activity };
  meter.createCounter('batch_batches', 'batches', 'Map-reduce batches processed').add(1, tags);
  const items = meter.createCounter('batch_items', 'items', 'Map-reduce items processed, by outcome');
  items.add(output.succeeded, { ...tags, outcome: 'succeeded' });
  items.add(output.failed, { ...tags, outcome: 'failed' });
  return output;
}

export function createBatchActivity({ mappers, dataDir, itemConcurrency }: BatchActivityDeps) {
  return async (input: BatchInput): Promise<BatchOutput> => counted(input, await batchMapReduce(input));

  async function batchMapReduce(input: BatchInput): Promise<BatchOutput> {
    const ctx = Context.current();
    const mapper = mappers[input.mapper.activity];
    const reduce = REDUCERS[input.reducer];
    if (!mapper) {
      throw ApplicationFailure.nonRetryable(
        `mapper "${input.mapper.activity}" is not served on this queue`,
        ERROR_TYPES.UnknownActivity,
      );
    }
    if (!reduce)
      throw ApplicationFailure.nonRetryable(
        `unknown reducer "${input.reducer}"`,
        ERROR_TYPES.UnknownActivity,
      );
    const part = input.sink ? partFile(await partsFolder(dataDir, input.sink.dir), input.start) : undefined;
    if (part) {
      const written = await readPart(part);
      if (written) return { value: written.succeeded, ...written, resumed: true };
    }
    const items = await readItems(input.source, input.start, input.end, dataDir);
    const { params, itemField = 'item', input: template } = input.mapper;
    const fold = BATCH_FOLDS[input.mapper.activity]?.[input.reducer];
    if (!part && fold && !params && template === undefined && items.length > 0) {
      const value = fold(items);
      if (value !== undefined) return { value, succeeded: items.length, failed: 0, failures: [] };
    }
    const indexBase = (input.indexBase ?? 0) + input.start;
    /** The mapper's input for item i: the template with $item / $index bound, or params + item. */
    const argFor = (item: unknown, i: number): unknown => {
      if (template === undefined) return params ? { ...params, [itemField]: item } : item;
      try {
        return resolveMarkers(
          template,
          { outputs: NO_OUTPUTS, item: { value: item, index: indexBase + i } },
          { strict: true },
        );
      } catch (err) {
        if (err instanceof MarkerError)
          throw ApplicationFailure.nonRetryable(err.message, ERROR_TYPES.InvalidInput);
        throw err;
      }
    };
    const results = new Array<{ ok: true; value: unknown } | { ok: false; error: string } | undefined>(
      items.length,
    );
    let next = 0;
    let done = 0;

    // Every item in flight listens to the batch's one cancellation signal (a few listeners each).
    setMaxListeners(10 + 4 * itemConcurrency, ctx.cancellationSignal);
    const worker = async () => {
      while (next < items.length) {
        if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
        const i = next++;
        try {
          results[i] = { ok: true, value: await mapper(argFor(items[i], i) as never) };
        } catch (err) {
          if (ctx.cancellationSignal.aborted) throw ctx.cancellationSignal.reason;
          if (input.onItemFailure === 'fail') throw itemFailure(input.start + i, err);
          results[i] = { ok: false, error: errorMessage(err) };
        }
        ctx.heartbeat({ done: ++done });
      }
    };
    // Also on a timer: one slow item (a long generation) must not look like a dead worker.
    const beat = setInterval(() => ctx.heartbeat({ done }), BATCH_HEARTBEAT_EVERY_MS);
    try {
      await Promise.all(Array.from({ length: Math.min(itemConcurrency, items.length) }, worker));
    } finally {
      clearInterval(beat);
    }

    const values: unknown[] = [];
    const failures: ItemFailure[] = [];
    const usage = emptyUsage();
    let failed = 0;
    results.forEach((r, i) => {
      if (r?.ok) {
        values.push(r.value);
        const u = usageOfLlmOutput(r.value);
        if (u) addUsage(usage, u);
      } else if (r) {
        failed++;
        if (failures.length < MAX_RECORDED_FAILURES)
          failures.push({ index: input.start + i, error: r.error });
      }
    });
    if (part) {
      const written = await writePart(
        part,
        results.map((r, i) =>
          r?.ok
            ? { index: indexBase + i, output: r.value }
            : { index: indexBase + i, error: r?.error ?? 'not run' },
        ),
      );
      return { value: written.succeeded, ...written, ...(usage.calls > 0 ? { usage } : {}) };
    }
    // list.collect keeps one output per item, in item order, null where an item failed.
    const collected = input.reducer === COLLECT_REDUCER;
    return {
      ...(collected
        ? { value: results.map((r) => (r?.ok ? r.value : null)) }
        : values.length > 0
          ? { value: reduce(values) }
          : {}),
      succeeded: values.length,
      failed,
      failures,
      ...(usage.calls > 0 ? { usage } : {}),
    };
  }
}
