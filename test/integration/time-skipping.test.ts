import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { loadConfig } from '../../config/app-config.js';
import { temporalTestServerPath } from '../../config/binaries.js';
import { createCpuWorker } from '../../workers/create-cpu-worker.js';
import { createWorkflowWorker } from '../../workers/create-workflow-worker.js';
import { installWorkerLogging } from '../../workers/runtime-logging.js';
import { routingMemo, taskQueueNames, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { DagResult, ScatterGatherResult } from '../../workflows/contracts/index.js';

installWorkerLogging();

// Hours of retry backoff and timeouts, run in seconds on the Java time-skipping test server.
describe('long timers under time skipping', () => {
  let env: TestWorkflowEnvironment;
  let workers: Worker[];
  let done: Promise<unknown>;
  const config = loadConfig({
    ...process.env,
    TASK_QUEUE_PREFIX: `ts-${randomUUID().slice(0, 8)}`,
    SHUTDOWN_GRACE_MS: '1000',
  });
  const queues = taskQueueNames(config.taskQueuePrefix);

  before(async () => {
    env = await TestWorkflowEnvironment.createTimeSkipping({
      server: { executable: { type: 'existing-path', path: temporalTestServerPath() } },
    });
    workers = [
      await createWorkflowWorker(env.nativeConnection, config),
      await createCpuWorker(env.nativeConnection, config),
    ];
    done = Promise.all(workers.map((w) => w.run()));
  });
  after(async () => {
    for (const w of workers ?? []) w.shutdown();
    await done;
    await env?.teardown();
  });

  const execute = <T>(type: string, spec: unknown) =>
    env.client.workflow.execute(type, {
      taskQueue: queues.workflows,
      workflowId: `${type}-${randomUUID()}`,
      args: [spec],
      memo: routingMemo(config.taskQueuePrefix),
    }) as Promise<T>;

  it('a DAG node retried with hour-long backoffs completes', async () => {
    const started = Date.now();
    const result = await execute<DagResult>(WORKFLOW_TYPES.dag, {
      nodes: [
        {
          id: 'patient',
          activity: 'util.delay',
          input: { ms: 1, failTimes: 2, value: 'finally' },
          // Only the initial interval: it lies above util.delay's default maximum interval.
          retry: { maximumAttempts: 3, initialIntervalMs: 3_600_000, backoffCoefficient: 1 },
        },
      ],
    });
    assert.equal(result.nodes.patient!.output, 'finally');
    const skipped =
      Date.parse(result.nodes.patient!.finishedAt!) - Date.parse(result.nodes.patient!.startedAt!);
    assert.ok(skipped >= 2 * 3_600_000, `workflow time advanced ${skipped} ms`);
    assert.ok(Date.now() - started < 30_000, 'in seconds of real time');
  });

  it('a scatter-gather timeout of a day fires without waiting a day', async () => {
    const result = await execute<ScatterGatherResult>(WORKFLOW_TYPES.scatterGather, {
      tasks: [
        { id: 'quick', activity: 'util.echo', input: 1 },
        {
          // A child run that would retry for days: the day-long timeout cancels it first.
          id: 'stuck',
          pattern: 'dag',
          spec: {
            nodes: [
              {
                id: 'n',
                activity: 'util.delay',
                input: { ms: 1, failTimes: 99 },
                retry: { maximumAttempts: 99, initialIntervalMs: 3_600_000, backoffCoefficient: 1 },
              },
            ],
          },
        },
      ],
      policy: { mode: 'all', timeoutMs: 24 * 3_600_000 },
    });
    assert.deepEqual(
      result.tasks.map((t) => t.status),
      ['succeeded', 'timedOut'],
    );
  });
});
