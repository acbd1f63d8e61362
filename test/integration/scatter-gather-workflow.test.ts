import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { ScatterGatherResult, ScatterGatherSpec } from '../../workflows/contracts/index.js';
import { count, events, waitUntil } from '../helpers/history.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const delay = (id: string, ms: number, value: unknown = id, failTimes?: number) => ({
  id,
  activity: 'util.delay' as const,
  input: { ms, value, ...(failTimes ? { failTimes } : {}) },
});
// ms < 0 is rejected by util.delay with a non-retryable error: a task that fails at once.
const broken = (id: string) => ({ id, activity: 'util.delay' as const, input: { ms: -1 } });

describe('scatter-gather workflow', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.teardown();
  });

  const run = async (spec: ScatterGatherSpec) => {
    const handle = await stack.start(WORKFLOW_TYPES.scatterGather, spec);
    return { handle, result: (await handle.result()) as ScatterGatherResult };
  };
  const statuses = (r: ScatterGatherResult) => Object.fromEntries(r.tasks.map((t) => [t.id, t.status]));

  it('all: waits for every task, runs them in parallel, and keeps task order', async () => {
    const started = Date.now();
    const { result } = await run({
      tasks: [delay('a', 800), delay('b', 400), delay('c', 600)],
      policy: { mode: 'all' },
    });
    assert.ok(Date.now() - started < 2_400, 'parallel, not sequential');
    assert.deepEqual(
      result.tasks.map((t) => [t.id, t.status, t.output]),
      [
        ['a', 'succeeded', 'a'],
        ['b', 'succeeded', 'b'],
        ['c', 'succeeded', 'c'],
      ],
    );
    assert.ok(result.tasks.every((t) => typeof t.durationMs === 'number' && t.durationMs >= 0));
  });

  it('all: reports partial failures without failing the run, and retries through failTimes', async () => {
    const { result, handle } = await run({
      tasks: [delay('flaky', 10, 'ok', 2), broken('bad')],
      policy: { mode: 'all' },
    });
    assert.deepEqual(statuses(result), { flaky: 'succeeded', bad: 'failed' });
    assert.match(result.tasks[1]!.error!, /"ms" must be a non-negative number/);
    const evts = await events(handle);
    const flakyAttempt = evts.find((e) => e.activityTaskStartedEventAttributes?.attempt === 3);
    assert.ok(flakyAttempt, 'the flaky task succeeded on its third attempt');
  });

  it('all with timeoutMs: returns what finished and cancels the rest, which observe it', async () => {
    const started = Date.now();
    const { result, handle } = await run({
      tasks: [delay('fast', 100), delay('slow', 60_000)],
      policy: { mode: 'all', timeoutMs: 1_000 },
    });
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(statuses(result), { fast: 'succeeded', slow: 'timedOut' });
    // WAIT_CANCELLATION_COMPLETED: the run closed only after the activity acknowledged.
    assert.equal(count(await events(handle), 'activityTaskCanceledEventAttributes'), 1);
  });

  it('first: the first success wins and the losers are cancelled for real', async () => {
    const started = Date.now();
    const { result, handle } = await run({
      tasks: [delay('slow1', 60_000), delay('winner', 200), delay('slow2', 60_000)],
      policy: { mode: 'first' },
    });
    assert.ok(Date.now() - started < 10_000);
    assert.deepEqual(statuses(result), { slow1: 'cancelled', winner: 'succeeded', slow2: 'cancelled' });
    assert.equal(count(await events(handle), 'activityTaskCanceledEventAttributes'), 2);
    await waitUntil(
      () => stack.cpuWorker!.getStatus().numInFlightActivities === 0,
      5_000,
      'activities to stop',
    );
  });

  it('first: fails with a clear message when every task fails', async () => {
    await assert.rejects(
      run({ tasks: [broken('x'), broken('y')], policy: { mode: 'first' } }),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.match(String(err.cause?.message), /no task succeeded: 2 of 2 tasks failed/);
        return true;
      },
    );
  });

  it('quorum: returns once enough succeed and cancels the rest', async () => {
    const { result } = await run({
      tasks: [delay('a', 100), broken('b'), delay('c', 200), delay('d', 60_000)],
      policy: { mode: 'quorum', quorum: 2 },
    });
    assert.deepEqual(statuses(result), { a: 'succeeded', b: 'failed', c: 'succeeded', d: 'cancelled' });
  });

  it('quorum: fails at once when the quorum is unreachable', async () => {
    const started = Date.now();
    await assert.rejects(
      run({
        tasks: [broken('a'), broken('b'), delay('c', 60_000), delay('d', 60_000)],
        policy: { mode: 'quorum', quorum: 3 },
      }),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.match(
          String(err.cause?.message),
          /quorum of 3 unreachable: 2 of 4 tasks failed \(at most 1 may fail\)/,
        );
        return true;
      },
    );
    assert.ok(Date.now() - started < 10_000, 'did not wait for the slow tasks');
  });

  it('majority: votes over equal JSON outputs, whatever their key order', async () => {
    const echo = (id: string, input: unknown) => ({ id, activity: 'util.echo' as const, input });
    const { result } = await run({
      tasks: [echo('a', { x: 1, y: [1, 2] }), echo('b', { y: [1, 2], x: 1 }), echo('c', { x: 2 })],
      policy: { mode: 'all' },
      aggregate: 'majority',
    });
    assert.deepEqual(result.aggregate, {
      kind: 'majority',
      winner: { x: 1, y: [1, 2] },
      votes: [
        { output: { x: 1, y: [1, 2] }, count: 2, taskIds: ['a', 'b'] },
        { output: { x: 2 }, count: 1, taskIds: ['c'] },
      ],
    });
  });

  it('runs nested patterns as child workflows (fork-join inside fork-join)', async () => {
    const { result, handle } = await run({
      tasks: [
        {
          id: 'inner',
          pattern: 'scatter-gather',
          spec: { tasks: [delay('x', 50), delay('y', 50)], policy: { mode: 'all' }, aggregate: 'list' },
        },
        { id: 'graph', pattern: 'dag', spec: { nodes: [{ id: 'n', activity: 'util.echo', input: 5 }] } },
        {
          id: 'sum',
          pattern: 'map-reduce',
          spec: { items: [1, 2, 3], mapper: 'util.echo', reducer: 'number.sum' },
        },
      ],
      policy: { mode: 'all' },
    });
    assert.deepEqual(statuses(result), { inner: 'succeeded', graph: 'succeeded', sum: 'succeeded' });
    assert.deepEqual((result.tasks[0]!.output as ScatterGatherResult).aggregate, ['x', 'y']);
    assert.equal((result.tasks[1]!.output as any).nodes.n.output, 5);
    assert.equal((result.tasks[2]!.output as any).result, 6);
    assert.equal(count(await events(handle), 'childWorkflowExecutionCompletedEventAttributes'), 3);
  });

  it('cancelling the run cancels its activities, which stop', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.scatterGather, {
      tasks: [delay('a', 60_000), delay('b', 60_000)],
      policy: { mode: 'all' },
    });
    await waitUntil(
      () => stack.cpuWorker!.getStatus().numInFlightActivities === 2,
      10_000,
      'activities to start',
    );
    await handle.cancel();
    await assert.rejects(handle.result(), /cancel/i);
    await waitUntil(
      () => stack.cpuWorker!.getStatus().numInFlightActivities === 0,
      5_000,
      'activities to stop',
    );
  });

  it('fails a run started directly with a spec that breaks an execution invariant, naming it', async () => {
    await assert.rejects(
      run({ tasks: [{ activity: 'util.echo' }], policy: { mode: 'quorum', quorum: 2 } }),
      (err: unknown) => {
        assert.ok(err instanceof WorkflowFailedError);
        assert.match(
          String(err.cause?.message),
          /policy\.quorum: must be an integer from 1 to 1 \(quorum-reachable\)/,
        );
        return true;
      },
    );
  });

  it('fails only the task of an unknown activity (admission belongs to the API; the run goes on)', async () => {
    const { result } = await run({
      tasks: [
        { id: 'bad', activity: 'no.such' },
        { id: 'good', activity: 'util.echo', input: 1 },
      ],
      policy: { mode: 'all' },
    } as never);
    assert.deepEqual(statuses(result), { bad: 'failed', good: 'succeeded' });
    assert.match(result.tasks[0]!.error ?? '', /unknown activity "no.such"/);
  });
});
