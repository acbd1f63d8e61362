import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { fromRoot } from '../../config/project-root.js';
import { startDevServer } from '../../runtime/stack.js';

// The package's entry points as another project would use them: a workflows file of its own that
// imports the library by package name, bundled and served by this package's worker factory.
const USER_WORKFLOWS = `
import { ApplicationFailure } from '@temporalio/workflow';
import { runActivity, runDag, runUsage, scatterGather } from 'parallel-ai-temporal/workflow';
export * from 'parallel-ai-temporal/workflows';

export async function shoutAndCount(words) {
  const loud = await scatterGather(
    words.map((w) => ({ id: w, run: () => runActivity('util.echo', w.toUpperCase()) })),
    { mode: 'all' },
  );
  if (loud.some((t) => t.status !== 'succeeded')) throw ApplicationFailure.nonRetryable('a word failed');
  const dag = await runDag({
    nodes: [
      { id: 'words', activity: 'util.echo', input: loud.map((t) => t.output) },
      { id: 'count', activity: 'text.wordCount', input: { $template: '{{words}}' }, dependsOn: ['words'] },
    ],
  });
  return { loud: loud.map((t) => t.output), counts: dag.nodes.count.output.counts, usage: runUsage() };
}
`;

describe('package entry points', () => {
  let env: TestWorkflowEnvironment;
  const running: Array<{ worker: Worker; done: Promise<void> }> = [];
  let prefix = '';
  before(async () => {
    env = await startDevServer();
    const dir = fromRoot('.cache', 'user-workflows');
    mkdirSync(dir, { recursive: true });
    const path = join(dir, 'my-workflows.js');
    writeFileSync(path, USER_WORKFLOWS);
    const worker = await import('parallel-ai-temporal/worker');
    prefix = `user-${randomUUID().slice(0, 8)}`;
    const config = worker.loadConfig({
      ...process.env,
      TEMPORAL_ADDRESS: env.address,
      TASK_QUEUE_PREFIX: prefix,
      SHUTDOWN_GRACE_MS: '1000',
    });
    for (const w of [
      await worker.createWorkflowWorker(env.nativeConnection, config, { workflowsPath: path }),
      await worker.createCpuWorker(env.nativeConnection, config),
    ])
      running.push({ worker: w, done: w.run() });
  });
  after(async () => {
    for (const r of running) r.worker.shutdown();
    await Promise.allSettled(running.map((r) => r.done));
    await env?.teardown();
  });

  it('exports the workflow library, the workflows, the contracts, the worker and the client', async () => {
    const lib = await import('parallel-ai-temporal/workflow');
    for (const name of [
      'runActivity',
      'scatterGather',
      'runDag',
      'runGraph',
      'forEach',
      'mapReduce',
      'runUsage',
    ])
      assert.equal(typeof (lib as Record<string, unknown>)[name], 'function', name);
    const workflows = await import('parallel-ai-temporal/workflows');
    assert.equal(typeof workflows.dagWorkflow, 'function');
    const contracts = await import('parallel-ai-temporal/contracts');
    assert.ok('llm.synthesize' in contracts.ACTIVITY_REGISTRY);
    const client = await import('parallel-ai-temporal/client');
    assert.equal(typeof client.startPattern, 'function');
  });

  it('a workflow of ones own, importing the library by package name, runs on the package worker', async () => {
    const client = new Client({ connection: env.connection });
    const { routingMemo, taskQueueNames } = await import('parallel-ai-temporal/contracts');
    const result = (await client.workflow.execute('shoutAndCount', {
      taskQueue: taskQueueNames(prefix).workflows,
      workflowId: `shout-${randomUUID()}`,
      args: [['to', 'be', 'to']],
      memo: routingMemo(prefix),
    })) as { loud: string[]; counts: Record<string, number>; usage: { calls: number } };
    assert.deepEqual(result.loud, ['TO', 'BE', 'TO']);
    assert.deepEqual(result.counts, { to: 2, be: 1 });
    assert.equal(result.usage.calls, 0);
  });

  it('the client entry validates a spec before anything starts, and starts a valid one', async () => {
    const { InvalidSpecError, startPattern } = await import('parallel-ai-temporal/client');
    const client = new Client({ connection: env.connection });
    await assert.rejects(
      startPattern(
        client,
        'dag',
        { nodes: [{ id: 'a', activity: 'util.echo', input: { $from: 'b' } }] },
        { taskQueuePrefix: prefix },
      ),
      (err: Error) => err instanceof InvalidSpecError && /node "b" is not in dependsOn/.test(err.message),
    );
    const handle = await startPattern(
      client,
      'scatter-gather',
      { tasks: [{ activity: 'util.echo', input: 'x' }], policy: { mode: 'all' }, aggregate: 'list' },
      { taskQueuePrefix: prefix },
    );
    assert.deepEqual(((await handle.result()) as { aggregate: unknown }).aggregate, ['x']);
  });
});
