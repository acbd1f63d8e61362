// A DAG node with forEach: its list resolved from upstream outputs, then its activity or nested
// pattern run once per element. Short lists run inline; long ones go to child runs, so no
// history grows with the list.
import { ApplicationFailure } from '@temporalio/workflow';
import {
  asMarker,
  COLLECT_REDUCER,
  DEFAULTS,
  jsonBytes,
  LIMITS,
  MAX_RECORDED_FAILURES,
  NO_OUTPUTS,
  resolveMarkers,
  WORKFLOW_TYPES,
} from '../contracts/index.js';
import type {
  ActivityTask,
  DagTaskNode,
  ForEachChunkInput,
  ForEachChunkResult,
  ForEachStats,
  NodeOutcome,
  TaskOptions,
} from '../contracts/index.js';
import { runBounded } from './concurrency.js';
import { forEach } from './for-each.js';
import type { ForEachOptions } from './for-each.js';
import { mapReduce } from './map-reduce.js';
import { bodyOf, resolveBody } from './resolve-task.js';
import type { TaskWithOptions } from './resolve-task.js';
import { failureMessage, runChild, runTask } from './run-task.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

type Body = TaskWithOptions;

/** Runs one forEach element: `$item` / `$index` bound, the activity or nested pattern run. */
export function runElement(body: Body, item: unknown, index: number, childKey: string): Promise<unknown> {
  return runTask(resolveBody(body, { outputs: NO_OUTPUTS, item: { value: item, index } }, true), childKey);
}

/** A list longer than one chunk runs in child runs of a chunk each, sharing maxConcurrency. */
async function forEachInChildren(
  nodeId: string,
  body: Body,
  items: unknown[],
  options: ForEachOptions,
): Promise<unknown[]> {
  const chunk = DEFAULTS.forEachChunk;
  const chunks = Math.ceil(items.length / chunk);
  const limit = options.maxConcurrency ?? DEFAULTS.forEachMaxConcurrency;
  const concurrentChildren = Math.min(chunks, limit);
  const perChild = Math.max(1, Math.floor(limit / concurrentChildren));
  const outputs = new Array<unknown>(items.length).fill(null);
  const stats: ForEachStats = { total: items.length, succeeded: 0, failed: 0, failures: [] };
  options.onProgress?.(stats);
  let firstError: string | undefined;
  await runBounded(
    chunks,
    concurrentChildren,
    async (k) => {
      const input: ForEachChunkInput = {
        body,
        items: items.slice(k * chunk, (k + 1) * chunk),
        indexBase: k * chunk,
        maxConcurrency: perChild,
        onItemFailure: options.onItemFailure ?? 'fail',
      };
      try {
        const r = await runChild<ForEachChunkResult>(WORKFLOW_TYPES.forEach, `${nodeId}/chunk-${k}`, [input]);
        r.outputs.forEach((o, i) => (outputs[input.indexBase + i] = o));
        stats.succeeded += r.stats.succeeded;
        stats.failed += r.stats.failed;
        stats.failures = [...stats.failures, ...r.stats.failures]
          .sort((a, b) => a.index - b.index)
          .slice(0, MAX_RECORDED_FAILURES);
      } catch (err) {
        firstError ??= failureMessage(err);
      }
      options.onProgress?.(stats);
    },
    () => firstError !== undefined,
  );
  if (firstError !== undefined)
    throw ApplicationFailure.nonRetryable(firstError, ERROR_TYPES.ElementFailed, { stats });
  return outputs;
}

/**
 * An activity body without per-call retry or timeout over items that fit inline: the map-reduce
 * tree runs it in batches (one activity per batch, LLM items decoded together).
 */
function batchable(body: Body, items: unknown[]): body is ActivityTask & TaskOptions {
  return (
    'activity' in body &&
    body.retry === undefined &&
    body.timeoutMs === undefined &&
    jsonBytes(items) <= LIMITS.inlineItemsBytes
  );
}

async function forEachInMapReduce(
  nodeId: string,
  body: ActivityTask & TaskOptions,
  items: unknown[],
  options: ForEachOptions,
): Promise<unknown[]> {
  const stats: ForEachStats = { total: items.length, succeeded: 0, failed: 0, failures: [] };
  options.onProgress?.(stats);
  const r = await mapReduce(
    {
      items,
      mapper: { activity: body.activity, input: body.input ?? { $item: '' } },
      reducer: COLLECT_REDUCER,
      onItemFailure: options.onItemFailure ?? 'fail',
      maxConcurrency: options.maxConcurrency ?? DEFAULTS.forEachMaxConcurrency,
    },
    `${nodeId}/map-reduce`,
  );
  Object.assign(stats, {
    succeeded: r.stats.items - r.stats.failed,
    failed: r.stats.failed,
    failures: r.failures,
  });
  options.onProgress?.(stats);
  return r.result as unknown[];
}

export async function runForEachNode(
  node: DagTaskNode,
  outputs: ReadonlyMap<string, unknown>,
  outcome: NodeOutcome,
): Promise<unknown> {
  const items = resolveMarkers(node.forEach, { outputs }, { strict: true, legacyRef: true });
  const what =
    asMarker(node.forEach, true)?.kind === '$from'
      ? `"${(node.forEach as { $from: string }).$from}"`
      : 'the value';
  if (!Array.isArray(items)) {
    const got = items === null ? 'null' : typeof items;
    throw ApplicationFailure.nonRetryable(
      `forEach: ${what} is ${got}, not an array`,
      ERROR_TYPES.InvalidInput,
    );
  }
  if (items.length > LIMITS.forEachItems) {
    throw ApplicationFailure.nonRetryable(
      `forEach: ${what} has ${items.length} elements, more than ${LIMITS.forEachItems}`,
      ERROR_TYPES.InvalidInput,
    );
  }
  // Outputs of this DAG go in now; $item / $index per element.
  const body = resolveBody(bodyOf(node), { outputs }, false);
  const options: ForEachOptions = {
    maxConcurrency: node.maxConcurrency ?? DEFAULTS.forEachMaxConcurrency,
    onItemFailure: node.onItemFailure ?? 'fail',
    onProgress: (stats) => (outcome.items = stats),
  };
  if (items.length > DEFAULTS.forEachChunk) {
    return batchable(body, items)
      ? forEachInMapReduce(node.id, body, items, options)
      : forEachInChildren(node.id, body, items, options);
  }
  const r = await forEach(items, (item, i) => runElement(body, item, i, `${node.id}/${i}`), options);
  return r.outputs;
}
