import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type {
  DagResult,
  DagSpec,
  MapReduceResult,
  ScatterGatherResult,
} from '../../workflows/contracts/index.js';
import { events } from '../helpers/history.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

// Data flowing between steps on a real dev server and real CPU worker: markers, forEach,
// nested patterns fed by upstream outputs, field-wise majority, per-task options.
describe('dataflow: markers and forEach', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.teardown();
  });

  const run = async (spec: DagSpec) => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, spec);
    return { handle, result: (await handle.result()) as DagResult };
  };

  it('builds inputs from two upstream outputs with $template and $from', async () => {
    const { result } = await run({
      nodes: [
        {
          id: 'fetch',
          activity: 'util.echo',
          input: { text: 'The Moon has no air.', hits: [{ t: 'x' }, { t: 'y' }] },
        },
        { id: 'facts', activity: 'util.echo', input: ['airless', 'cratered'] },
        {
          id: 'prompt',
          activity: 'util.echo',
          input: {
            prompt: {
              $template: 'Summarise:\n{{fetch.text}}\nKnown facts: {{facts}} / {{ fetch.hits.1.t }}',
            },
            second: { $from: 'fetch.hits.1' },
          },
          dependsOn: ['fetch', 'facts'],
        },
      ],
    });
    assert.deepEqual(result.nodes.prompt!.output, {
      prompt: 'Summarise:\nThe Moon has no air.\nKnown facts: ["airless","cratered"] / y',
      second: { t: 'y' },
    });
  });

  it('forEach keeps element order, binds $item fields and $index, and skips a failed element', async () => {
    const { result } = await run({
      nodes: [
        {
          id: 'list',
          activity: 'util.echo',
          input: [
            { ms: 300, v: 'a' },
            { ms: -1, v: 'b' },
            { ms: 5, v: 'c' },
          ],
        },
        {
          id: 'each',
          forEach: { $from: 'list' },
          onItemFailure: 'skip',
          maxConcurrency: 3,
          activity: 'util.delay',
          input: { ms: { $item: 'ms' }, value: { $template: '{{$index}}={{$item.v}}' } },
          dependsOn: ['list'],
        },
        { id: 'after', activity: 'util.echo', input: { $from: 'each' }, dependsOn: ['each'] },
      ],
    });
    assert.equal(result.nodes.each!.status, 'succeeded');
    // The slow first element finished last, yet keeps its place.
    assert.deepEqual(result.nodes.each!.output, ['0=a', null, '2=c']);
    const items = result.nodes.each!.items!;
    assert.deepEqual([items.total, items.succeeded, items.failed], [3, 2, 1]);
    assert.equal(items.failures[0]!.index, 1);
    assert.match(items.failures[0]!.error, /non-negative/);
    assert.deepEqual(result.nodes.after!.output, ['0=a', null, '2=c']);
  });

  it('forEach under "fail" fails the node naming the element; the run fails with it', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, {
      nodes: [
        { id: 'list', activity: 'util.echo', input: [1, -1, 2] },
        {
          id: 'each',
          forEach: { $from: 'list' },
          activity: 'util.delay',
          input: { ms: { $item: '' } },
          dependsOn: ['list'],
        },
      ],
    } satisfies DagSpec);
    await assert.rejects(handle.result(), (err: Error) => {
      assert.match(String((err.cause as Error)?.message), /node "each" failed: element 1: .*non-negative/);
      return true;
    });
  });

  it('a missing path or a non-array forEach fails that node with a message naming it', async () => {
    const { result } = await run({
      onNodeFailure: 'continue',
      nodes: [
        { id: 'a', activity: 'util.echo', input: { text: 'hi', n: 3 } },
        { id: 't', activity: 'util.echo', input: { $template: '{{a.missing.deep}}' }, dependsOn: ['a'] },
        { id: 'f', forEach: { $from: 'a.n' }, activity: 'util.echo', dependsOn: ['a'] },
      ],
    });
    assert.match(result.nodes.t!.error!, /\$template placeholder "a\.missing\.deep": no field "a\.missing"/);
    assert.match(result.nodes.f!.error!, /forEach: "a\.n" is number, not an array/);
  });

  it('a nested map-reduce takes its items from an upstream output; a forEach can run a nested pattern per element', async () => {
    const { result } = await run({
      nodes: [
        {
          id: 'split',
          activity: 'util.echo',
          input: { chunks: [1, 2, 3, 4, 5], words: ['to be', 'or not'] },
        },
        {
          id: 'sum',
          pattern: 'map-reduce',
          spec: {
            items: { $from: 'split.chunks' },
            mapper: 'util.echo',
            reducer: 'number.sum',
            batchSize: 2,
          },
          dependsOn: ['split'],
        },
        {
          id: 'perWord',
          forEach: { $from: 'split.words' },
          pattern: 'scatter-gather',
          spec: {
            tasks: [
              { id: 'count', activity: 'text.wordCount', input: { $item: '' } },
              { id: 'label', activity: 'util.echo', input: { $template: '#{{$index}} {{$item}}' } },
            ],
            policy: { mode: 'all' },
            aggregate: 'list',
          },
          dependsOn: ['split'],
        },
      ],
    });
    assert.equal((result.nodes.sum!.output as MapReduceResult).result, 15);
    const per = result.nodes.perWord!.output as ScatterGatherResult[];
    assert.deepEqual(
      per.map((r) => r.aggregate),
      [
        [{ counts: { to: 1, be: 1 } }, '#0 to be'],
        [{ counts: { or: 1, not: 1 } }, '#1 or not'],
      ],
    );
  });

  it('a forEach over hundreds of elements runs as a batched map-reduce: small histories, order kept, a skipped failure null', async () => {
    const n = 450;
    const words = Array.from({ length: n }, (_, i): unknown => (i === 7 ? 7 : `w${i}`)); // 7 is no text
    const { handle, result } = await run({
      nodes: [
        { id: 'words', activity: 'util.echo', input: words },
        {
          id: 'each',
          forEach: { $from: 'words' },
          onItemFailure: 'skip',
          activity: 'text.wordCount',
          input: { $item: '' },
          dependsOn: ['words'],
        },
      ],
    });
    const outputs = result.nodes.each!.output as Array<{ counts: Record<string, number> } | null>;
    assert.equal(outputs.length, n);
    assert.equal(outputs[7], null);
    assert.deepEqual(outputs[449], { counts: { w449: 1 } });
    assert.ok(outputs.every((o, i) => i === 7 || o!.counts[`w${i}`] === 1));
    const items = result.nodes.each!.items!;
    assert.deepEqual(
      [items.total, items.succeeded, items.failed, items.failures[0]!.index],
      [n, n - 1, 1, 7],
    );
    const parent = await events(handle);
    assert.ok(parent.length < 100, `parent history has ${parent.length} events`);
    const child = await events(stack.env.client.workflow.getHandle(`${handle.workflowId}/each/map-reduce`));
    assert.ok(
      child.length < 100,
      `map-reduce child: ${child.length} events (batches, not one activity per element)`,
    );
  });

  it('a large forEach whose calls need their own retry runs in chunk child runs', async () => {
    const n = 250;
    const { handle, result } = await run({
      nodes: [
        { id: 'numbers', activity: 'util.echo', input: Array.from({ length: n }, (_, i) => i) },
        {
          id: 'each',
          forEach: { $from: 'numbers' },
          maxConcurrency: 50,
          activity: 'util.echo',
          input: { $template: 'n{{$item}}' },
          retry: { maximumAttempts: 2 },
          dependsOn: ['numbers'],
        },
      ],
    });
    assert.deepEqual(
      result.nodes.each!.output,
      Array.from({ length: n }, (_, i) => `n${i}`),
    );
    const chunks = [];
    for await (const wf of stack.env.client.workflow.list({
      query: `WorkflowId STARTS_WITH '${handle.workflowId}/each/chunk-'`,
    }))
      chunks.push(wf);
    assert.equal(chunks.length, 2);
  });

  it('a map-reduce mapper input built per item: $index is global across the run tree, list.collect keeps order', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.mapReduce, {
      items: Array.from({ length: 50 }, (_, i) => String.fromCharCode(97 + (i % 26))),
      mapper: { activity: 'util.echo', input: { $template: '{{$index}}:{{$item}}' } },
      reducer: 'list.collect',
      batchSize: 5,
      tree: { leafBatches: 2 },
    });
    const result = (await handle.result()) as MapReduceResult;
    assert.deepEqual(
      result.result,
      Array.from({ length: 50 }, (_, i) => `${i}:${String.fromCharCode(97 + (i % 26))}`),
    );
  });

  it('scatter-gather: majority on a field lets outputs that differ elsewhere agree; tasks take retry and timeoutMs', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.scatterGather, {
      tasks: [
        { id: 'a', activity: 'util.echo', input: { label: 'yes', ms: 3 } },
        { id: 'b', activity: 'util.echo', input: { label: 'yes', ms: 9 } },
        { id: 'c', activity: 'util.echo', input: { label: 'no', ms: 1 } },
        // Would succeed on the third attempt, but may try only once.
        { id: 'once', activity: 'util.delay', input: { ms: 1, failTimes: 2 }, retry: { maximumAttempts: 1 } },
        // Its activity outlives its own timeout.
        {
          id: 'slow',
          activity: 'util.delay',
          input: { ms: 5_000 },
          timeoutMs: 300,
          retry: { maximumAttempts: 1 },
        },
      ],
      policy: { mode: 'all' },
      aggregate: { kind: 'majority', field: 'label' },
    });
    const result = (await handle.result()) as ScatterGatherResult;
    assert.deepEqual(result.aggregate, {
      kind: 'majority',
      winner: 'yes',
      votes: [
        { output: 'yes', count: 2, taskIds: ['a', 'b'] },
        { output: 'no', count: 1, taskIds: ['c'] },
      ],
    });
    const byId = Object.fromEntries(result.tasks.map((t) => [t.id, t]));
    assert.equal(byId.once!.status, 'failed');
    assert.equal(byId.slow!.status, 'failed');
    assert.match(byId.slow!.error, /timed? ?out|timeout/i);
  });
});
