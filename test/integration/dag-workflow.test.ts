import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { progressQuery, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { DagResult, DagSpec } from '../../workflows/contracts/index.js';
import { events, peakOutstandingActivities, waitUntil } from '../helpers/history.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

describe('DAG workflow', () => {
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
  const statusOf = (r: DagResult) =>
    Object.fromEntries(Object.entries(r.nodes).map(([id, n]) => [id, n.status]));

  it('a diamond passes outputs (and fields of outputs) through $from', async () => {
    const { result } = await run({
      nodes: [
        { id: 'a', activity: 'util.echo', input: { left: 'to be or not', right: 'to be' } },
        { id: 'b', activity: 'text.wordCount', input: { $from: 'a.left' }, dependsOn: ['a'] },
        { id: 'c', activity: 'text.wordCount', input: { $from: 'a.right' }, dependsOn: ['a'] },
        {
          id: 'd',
          activity: 'counts.merge',
          input: [{ $from: 'b' }, { $from: 'c.counts' }],
          dependsOn: ['b', 'c'],
        },
      ],
    });
    assert.deepEqual(statusOf(result), { a: 'succeeded', b: 'succeeded', c: 'succeeded', d: 'succeeded' });
    assert.deepEqual(result.nodes.d!.output, { counts: { to: 2, be: 2, or: 1, not: 1 } });
    const { startedAt, finishedAt } = result.nodes.a!;
    assert.ok(startedAt && finishedAt && Date.parse(finishedAt) >= Date.parse(startedAt));
  });

  it('short CPU steps (echo, reducers) run as local activities: no task-queue round trip, results in history', async () => {
    const { handle, result } = await run({
      nodes: [
        { id: 'a', activity: 'util.echo', input: [1, 2] },
        { id: 'b', activity: 'number.sum', input: { $from: 'a' }, dependsOn: ['a'] },
        { id: 'c', activity: 'text.wordCount', input: 'remote step', dependsOn: ['b'] },
      ],
    });
    assert.equal(result.nodes.b!.output, 3);
    const evts = await events(handle);
    const scheduled = evts.flatMap((e) => e.activityTaskScheduledEventAttributes?.activityType?.name ?? []);
    assert.deepEqual(scheduled, ['text.wordCount']);
    // Each local result is a marker in history, so a replay does not run it again.
    assert.equal(
      evts.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length,
      2,
    );
  });

  it('runs ready nodes in parallel, at most maxConcurrency at once', async () => {
    const nodes = ['n1', 'n2', 'n3', 'n4', 'n5', 'n6'].map((id) => ({
      id,
      activity: 'util.delay' as const,
      input: { ms: 300, value: id },
    }));
    const { handle, result } = await run({ nodes, maxConcurrency: 2 });
    assert.ok(Object.values(result.nodes).every((n) => n.status === 'succeeded'));
    assert.equal(peakOutstandingActivities(await events(handle)), 2);
  });

  it('continue: skips the dependents of a failed node and finishes independent branches', async () => {
    const { result } = await run({
      onNodeFailure: 'continue',
      nodes: [
        { id: 'bad', activity: 'util.delay', input: { ms: -1 } },
        { id: 'child', activity: 'util.echo', input: { $from: 'bad' }, dependsOn: ['bad'] },
        { id: 'grandchild', activity: 'util.echo', input: 1, dependsOn: ['child'] },
        { id: 'independent', activity: 'util.delay', input: { ms: 200, value: 'ok' } },
        { id: 'after', activity: 'util.echo', input: { $from: 'independent' }, dependsOn: ['independent'] },
      ],
    });
    assert.deepEqual(statusOf(result), {
      bad: 'failed',
      child: 'skipped',
      grandchild: 'skipped',
      independent: 'succeeded',
      after: 'succeeded',
    });
    assert.match(result.nodes.bad!.error!, /must be a non-negative number/);
    assert.equal(result.nodes.after!.output, 'ok');
  });

  it('fail (default): a failure cancels running nodes and fails the run naming the node', async () => {
    const started = Date.now();
    await assert.rejects(
      run({
        nodes: [
          { id: 'slow', activity: 'util.delay', input: { ms: 60_000 } },
          {
            id: 'bad',
            activity: 'util.delay',
            input: { ms: 100, failTimes: 99 },
            retry: { maximumAttempts: 1 },
          },
        ],
      }),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.match(
          String(err.cause?.message),
          /node "bad" failed: util.delay: planned failure on attempt 1 of 99/,
        );
        const details = (err.cause as any).details[0];
        assert.equal(details.nodes.slow.status, 'failed');
        assert.match(details.nodes.slow.error, /cancelled/);
        return true;
      },
    );
    assert.ok(Date.now() - started < 10_000);
  });

  it('per-node retry and timeout override the registry defaults', async () => {
    const { result } = await run({
      onNodeFailure: 'continue',
      nodes: [
        {
          id: 'retried',
          activity: 'util.delay',
          input: { ms: 1, failTimes: 2, value: 'third time' },
          retry: { maximumAttempts: 3, initialIntervalMs: 10 },
        },
        {
          id: 'noRetry',
          activity: 'util.delay',
          input: { ms: 1, failTimes: 2 },
          retry: { maximumAttempts: 1 },
        },
        {
          id: 'timeout',
          activity: 'util.delay',
          input: { ms: 5_000 },
          timeoutMs: 300,
          retry: { maximumAttempts: 1 },
        },
      ],
    });
    assert.deepEqual(statusOf(result), { retried: 'succeeded', noRetry: 'failed', timeout: 'failed' });
    assert.equal(result.nodes.retried!.output, 'third time');
    assert.match(result.nodes.timeout!.error!, /timeout|timed out/i);
  });

  it('a $from to a missing field fails that node with a message naming the path', async () => {
    const { result } = await run({
      onNodeFailure: 'continue',
      nodes: [
        { id: 'a', activity: 'util.echo', input: { x: 1 } },
        { id: 'b', activity: 'util.echo', input: { $from: 'a.y.z' }, dependsOn: ['a'] },
      ],
    });
    assert.equal(result.nodes.b!.status, 'failed');
    assert.match(result.nodes.b!.error!, /\$from "a\.y\.z": no field "a\.y"/);
  });

  it('a node may be a nested pattern, and its output feeds dependents', async () => {
    const { result } = await run({
      nodes: [
        {
          id: 'fanout',
          pattern: 'scatter-gather',
          spec: {
            tasks: [
              { activity: 'util.echo', input: 'alpha beta' },
              { activity: 'util.echo', input: 'beta gamma' },
            ],
            policy: { mode: 'all' },
            aggregate: 'list',
          },
        },
        {
          id: 'count',
          activity: 'text.wordCount',
          input: { $from: 'fanout.aggregate.1' },
          dependsOn: ['fanout'],
        },
      ],
    });
    assert.deepEqual(result.nodes.count!.output, { counts: { beta: 1, gamma: 1 } });
  });

  it('a nested run cancelled on its own fails its node; the graph goes on', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, {
      onNodeFailure: 'continue',
      nodes: [
        {
          id: 'inner',
          pattern: 'scatter-gather',
          spec: { tasks: [{ activity: 'util.delay', input: { ms: 60_000 } }], policy: { mode: 'all' } },
        },
        { id: 'other', activity: 'util.delay', input: { ms: 1_000, value: 'done' } },
      ],
    });
    const child = stack.env.client.workflow.getHandle(`${handle.workflowId}/inner`);
    await waitUntil(async () => (await child.describe().catch(() => undefined))?.status.name === 'RUNNING');
    await child.cancel();
    const result = (await handle.result()) as DagResult;
    assert.equal(result.nodes.inner!.status, 'failed');
    assert.match(result.nodes.inner!.error!, /cancel/i);
    assert.equal(result.nodes.other!.status, 'succeeded');
  });

  it('exposes node states through the progress query while running', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, {
      nodes: [
        { id: 'first', activity: 'util.echo', input: 1 },
        { id: 'second', activity: 'util.delay', input: { ms: 2_000 }, dependsOn: ['first'] },
      ],
    });
    let progress: any;
    await waitUntil(async () => {
      progress = await handle.query(progressQuery);
      return progress.nodes.second.status === 'running';
    });
    assert.equal(progress.nodes.first.status, 'succeeded');
    await handle.cancel();
  });

  it('rejects a cycle inside the workflow too, naming it', async () => {
    await assert.rejects(
      run({
        nodes: [
          { id: 'a', activity: 'util.echo', dependsOn: ['c'] },
          { id: 'b', activity: 'util.echo', dependsOn: ['a'] },
          { id: 'c', activity: 'util.echo', dependsOn: ['b'] },
        ],
      }),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.match(String(err.cause?.message), /invalid dag spec: spec.nodes: cycle: a -> c -> b -> a/);
        return true;
      },
    );
  });
});
