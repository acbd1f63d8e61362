import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { BATCH_ACTIVITY, progressQuery, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { MapReduceResult, MapReduceSpec } from '../../workflows/contracts/index.js';
import { events, peakOutstandingActivities, waitUntil } from '../helpers/history.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

describe('map-reduce workflow', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
    mkdirSync(stack.config.dataDir, { recursive: true });
  });
  after(async () => {
    await stack?.teardown();
  });

  const run = async (spec: MapReduceSpec) => {
    const handle = await stack.start(WORKFLOW_TYPES.mapReduce, spec);
    return { handle, result: (await handle.result()) as MapReduceResult };
  };

  it('maps inline items in batches, at most maxConcurrency at once, and reduces them', async () => {
    const items = Array.from({ length: 100 }, (_, i) => i + 1);
    const { result, handle } = await run({
      items,
      mapper: 'util.echo',
      reducer: 'number.sum',
      batchSize: 7,
      maxConcurrency: 3,
    });
    assert.equal(result.result, 5050);
    assert.deepEqual(
      { ...result.stats, durationMs: 0 },
      { items: 100, batches: 15, failed: 0, durationMs: 0 },
    );
    assert.equal(peakOutstandingActivities(await events(handle), BATCH_ACTIVITY), 3);
  });

  it('keeps item order through an order-sensitive reducer (list.concat)', async () => {
    const items = Array.from({ length: 50 }, (_, i) => `item-${i}`);
    const { result } = await run({
      items,
      mapper: 'util.echo',
      reducer: 'list.concat',
      batchSize: 3,
      maxConcurrency: 5,
    });
    assert.deepEqual(result.result, items);
  });

  it('counts words of a lines source read by reference', async () => {
    writeFileSync(join(stack.config.dataDir, 'words.txt'), 'The cat\nthe DOG, the end.\n\nCat-dog 42\n');
    const { result } = await run({
      source: { type: 'lines', path: 'words.txt' },
      mapper: 'text.wordCount',
      reducer: 'counts.merge',
      batchSize: 2,
    });
    assert.deepEqual(result.result, { counts: { the: 3, cat: 2, dog: 2, end: 1, '42': 1 } });
    assert.equal(result.stats.items, 4);
  });

  it('without a batchSize, cuts a lines file for a CPU mapper by bytes (about 512 KiB a batch), exactly', async () => {
    // 40 000 lines of 40 bytes: 1.6 MB, so 4 batches of 13 107 lines, not 400 of 100.
    const lines = Array.from(
      { length: 40_000 },
      (_, i) => `w${i % 7} ${'x'.repeat(30)} ${String(i).padStart(5, '0')}`,
    );
    writeFileSync(join(stack.config.dataDir, 'sized.txt'), `${lines.join('\n')}\n`);
    const { result } = await run({
      source: { type: 'lines', path: 'sized.txt' },
      mapper: 'text.wordCount',
      reducer: 'counts.merge',
    });
    assert.equal(result.stats.items, 40_000);
    assert.equal(result.stats.batches, Math.ceil(40_000 / Math.floor((512 * 1024) / 40)));
    const counts = (result.result as { counts: Record<string, number> }).counts;
    assert.equal(counts.w3, lines.filter((l) => l.startsWith('w3 ')).length);
    assert.equal(counts['x'.repeat(30)], 40_000);
    assert.equal(counts['39999'], 1);
  });

  it('passes params and the item to a mapper that takes an object', async () => {
    const { result } = await run({
      items: ['a', 'b', 'c'],
      mapper: { activity: 'util.delay', params: { ms: 1 }, itemField: 'value' },
      reducer: 'list.concat',
    });
    assert.deepEqual(result.result, ['a', 'b', 'c']);
  });

  it('skip: records failed items with their errors and goes on', async () => {
    const { result } = await run({
      items: ['a b', 5, 'c', null],
      mapper: 'text.wordCount',
      reducer: 'counts.merge',
      batchSize: 2,
      onItemFailure: 'skip',
    });
    assert.deepEqual(result.result, { counts: { a: 1, b: 1, c: 1 } });
    assert.equal(result.stats.failed, 2);
    assert.deepEqual(
      result.failures.map((f) => f.index),
      [1, 3],
    );
    assert.match(result.failures[0]!.error, /text.wordCount: input must be a string/);
  });

  it('skip: fails the run once maxFailures is exceeded', async () => {
    await assert.rejects(
      run({
        items: ['a', 1, 2, 'b'],
        mapper: 'text.wordCount',
        reducer: 'counts.merge',
        onItemFailure: 'skip',
        maxFailures: 1,
      }),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.match(String(err.cause?.message), /2 items failed, more than maxFailures \(1\)/);
        return true;
      },
    );
  });

  it('fail (default): a failing item fails the run, naming the item', async () => {
    await assert.rejects(
      run({ items: ['a', 7], mapper: 'text.wordCount', reducer: 'counts.merge' }),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.match(
          String((err.cause?.cause as Error | undefined)?.message ?? err.cause?.message),
          /item 1: text.wordCount: input must be a string/,
        );
        return true;
      },
    );
  });

  it('100 000 range items: a child-workflow tree with continue-as-new, no run above 10 240 events', async () => {
    const { result, handle } = await run({
      source: { type: 'range', start: 0, end: 100_000 },
      mapper: 'util.echo',
      reducer: 'number.sum',
      batchSize: 100,
      maxConcurrency: 20,
      tree: { leafBatches: 250, batchesPerRun: 100, fanout: 4 },
    });
    assert.equal(result.result, (99_999 * 100_000) / 2);
    assert.equal(result.stats.items, 100_000);
    assert.equal(result.stats.batches, 1_000);
    assert.equal(result.stats.failed, 0);

    const runs: Array<{ workflowId: string; status: string; historyLength: number }> = [];
    for await (const wf of stack.env.client.workflow.list({
      query: `WorkflowType = '${WORKFLOW_TYPES.mapReduce}'`,
    })) {
      if (wf.workflowId.startsWith(handle.workflowId)) {
        runs.push({
          workflowId: wf.workflowId,
          status: wf.status.name,
          historyLength: wf.historyLength ?? 0,
        });
      }
    }
    const children = new Set(runs.filter((r) => r.workflowId !== handle.workflowId).map((r) => r.workflowId));
    assert.equal(children.size, 4, 'four child runs under the root');
    assert.ok(runs.filter((r) => r.status === 'CONTINUED_AS_NEW').length >= 4, 'leaves continued as new');
    const longest = Math.max(...runs.map((r) => r.historyLength));
    assert.ok(longest > 0 && longest <= 10_240, `longest history ${longest} events`);
  });

  it('inline items in a tree with continue-as-new: children and continued runs carry only their slice', async () => {
    const items = Array.from({ length: 300 }, (_, i) => `item-${i}`);
    const { result, handle } = await run({
      items,
      mapper: 'util.echo',
      reducer: 'list.concat',
      batchSize: 1,
      maxConcurrency: 6,
      tree: { leafBatches: 100, batchesPerRun: 40, fanout: 3 },
    });
    assert.deepEqual(result.result, items);
    const firstChild = await stack.env.client.workflow
      .getHandle(`${handle.workflowId}/part-0`)
      .fetchHistory();
    const text = JSON.stringify(firstChild);
    assert.ok(!text.includes('item-299'), 'the first child never sees the last items');
  });

  it('inline items continuing as new carry them once, not twice', async () => {
    const items = Array.from({ length: 60 }, (_, i) => `unique-${i}`);
    const { result, handle } = await run({
      items,
      mapper: 'util.echo',
      reducer: 'list.concat',
      batchSize: 2,
      tree: { batchesPerRun: 10 },
    });
    assert.deepEqual(result.result, items);
    const started = (await handle.fetchHistory()).events![0]!.workflowExecutionStartedEventAttributes!;
    assert.ok(started.continuedExecutionRunId, 'the latest run was continued as new');
    const input = (started.input?.payloads ?? []).map((p) => Buffer.from(p.data!).toString('utf8')).join('');
    assert.equal(input.split('"unique-59"').length - 1, 1, 'the items appear once in its input');
  });

  it('reports progress, and cancelling the run cancels its children and their activities', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.mapReduce, {
      source: { type: 'range', start: 0, end: 200 },
      mapper: { activity: 'util.delay', params: { ms: 60_000 }, itemField: 'value' },
      reducer: 'list.concat',
      batchSize: 10,
      maxConcurrency: 4,
      tree: { leafBatches: 2 },
    } satisfies MapReduceSpec);
    await waitUntil(
      () => (stack.cpuWorker!.getStatus().numInFlightActivities ?? 0) >= 4,
      15_000,
      'batches to start',
    );
    const progress = (await handle.query(progressQuery)) as any;
    assert.equal(progress.total, 200);
    assert.equal(progress.done, 0);
    assert.ok(progress.running > 0);
    await handle.cancel();
    await assert.rejects(handle.result(), /cancel/i);
    await waitUntil(
      () => stack.cpuWorker!.getStatus().numInFlightActivities === 0,
      10_000,
      'activities to stop',
    );
    const childStatuses: string[] = [];
    await waitUntil(
      async () => {
        childStatuses.length = 0;
        for await (const wf of stack.env.client.workflow.list({
          query: `ParentWorkflowId = '${handle.workflowId}'`,
        })) {
          childStatuses.push(wf.status.name);
        }
        return childStatuses.length > 0 && childStatuses.every((s) => s === 'CANCELLED');
      },
      10_000,
      'children to be cancelled',
    );
  });
});
