// `npm run test:cluster` (not part of `npm test`: the first run builds Go code): the native
// cluster from `npm run cluster`, with two workflow workers, two CPU workers and one GPU worker as
// separate processes, and the API. The patterns run through the API; during a map-reduce one
// worker of each kind is killed with SIGKILL and the result must still be exact.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startNodeProcess, stopProcess, until } from '../../scripts/lib/child-processes.js';
import type { Running } from '../../scripts/lib/child-processes.js';
import { freePort } from '../../scripts/lib/free-port.js';
import { startNativeCluster } from '../../scripts/cluster/native-cluster.js';
import { http, waitForResult } from '../../runtime/http-client.js';

const SMOL = 'smollm2-135m';
const children: Running[] = [];

function startProcess(name: string, entry: string, env: NodeJS.ProcessEnv): Running {
  const running = startNodeProcess(name, entry, env);
  children.push(running);
  return running;
}

describe('the native cluster with several workers per queue', { timeout: 40 * 60_000 }, () => {
  let base = '';
  let cluster: Running;
  let workerEnv: NodeJS.ProcessEnv = {};
  let uiPort = 0;
  let dataDir = '';

  before(async () => {
    const started = await startNativeCluster('parallel-ai-cluster-');
    cluster = started.process;
    ({ uiPort, dir: dataDir } = started);
    const apiPort = await freePort();
    workerEnv = {
      TEMPORAL_ADDRESS: started.address,
      TASK_QUEUE_PREFIX: `cluster-${randomUUID().slice(0, 8)}`,
      LLM_MODELS: `${SMOL}=models/SmolLM2-135M-Instruct.Q4_1.gguf`,
      LLM_SEQUENCES: '4',
      DATA_DIR: join(dataDir, 'inputs'),
      PORT: String(apiPort),
      SHUTDOWN_GRACE_MS: '2000',
    };
    for (const i of [1, 2]) startProcess(`workflows-${i}`, 'workers/workflow-worker.js', workerEnv);
    for (const i of [1, 2]) startProcess(`cpu-${i}`, 'workers/cpu-worker.js', workerEnv);
    startProcess('gpu-1', 'workers/gpu-worker.js', workerEnv);
    startProcess('api', 'api/main.js', workerEnv);
    base = `http://127.0.0.1:${apiPort}`;
    await until(
      async () => (await http('GET', `${base}/health`).catch(() => ({ status: 0 }))).status === 200,
      180_000,
      'the API and every worker',
    );
  });

  after(async () => {
    for (const c of children.filter((c) => c !== cluster)) c.child.kill('SIGKILL');
    // The cluster stops in order on SIGTERM (UI, server, PostgreSQL) and exits 0.
    if (cluster) {
      await stopProcess(cluster);
      assert.equal(cluster.child.exitCode, 0, cluster.output.join('').slice(-2000));
    }
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('serves the Web UI, which reads the cluster', async () => {
    const page = await fetch(`http://127.0.0.1:${uiPort}/`);
    assert.equal(page.status, 200);
    const settings = await fetch(`http://127.0.0.1:${uiPort}/api/v1/settings`);
    assert.equal(settings.status, 200);
    const namespaces = await fetch(`http://127.0.0.1:${uiPort}/api/v1/namespaces`);
    const listed = await namespaces.text();
    assert.equal(namespaces.status, 200, listed);
    assert.match(listed, /"default"/);
  });

  it('runs scatter-gather, a DAG and a model call through the API', async () => {
    const runs = await Promise.all([
      http('POST', `${base}/workflows/scatter-gather`, {
        tasks: Array.from({ length: 20 }, (_, i) => ({
          id: `t${i}`,
          activity: 'util.delay',
          input: { ms: 200, value: i },
        })),
        policy: { mode: 'all' },
      }),
      http('POST', `${base}/workflows/dag`, {
        nodes: [
          { id: 'a', activity: 'util.echo', input: { x: 1 } },
          { id: 'b', activity: 'util.echo', input: { $from: 'a' }, dependsOn: ['a'] },
        ],
      }),
      http('POST', `${base}/workflows/scatter-gather`, {
        tasks: [
          {
            id: 'm',
            activity: 'llm.generate',
            input: { model: SMOL, prompt: 'Name a planet.', maxTokens: 8 },
          },
        ],
        policy: { mode: 'all' },
      }),
    ]);
    for (const r of runs) {
      assert.equal(r.status, 201, JSON.stringify(r.body));
      const done = await waitForResult(base, r.body.workflowId, 120_000);
      assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    }
  });

  it('a map-reduce survives one workflow worker, one CPU worker and the GPU worker killed mid-run', async () => {
    const started = await http('POST', `${base}/workflows/map-reduce`, {
      source: { type: 'range', start: 0, end: 2_000 },
      mapper: { activity: 'util.delay', input: { ms: 20, value: { $item: '' } } },
      reducer: 'number.sum',
      batchSize: 50,
      maxConcurrency: 4,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const model = await http('POST', `${base}/workflows/scatter-gather`, {
      tasks: Array.from({ length: 6 }, (_, i) => ({
        id: `m${i}`,
        activity: 'llm.generate',
        input: { model: SMOL, prompt: `Count to ${i + 3}.`, maxTokens: 48 },
      })),
      policy: { mode: 'all' },
    });
    await new Promise((r) => setTimeout(r, 2_000));
    for (const name of ['workflows-1', 'cpu-1', 'gpu-1'])
      children.find((c) => c.name === name)!.child.kill('SIGKILL');
    // The GPU worker is the only one of its kind: a new one takes over its queue.
    startProcess('gpu-2', 'workers/gpu-worker.js', workerEnv);
    const sum = await waitForResult(base, started.body.workflowId, 600_000);
    assert.equal(sum.body.status, 'COMPLETED', JSON.stringify(sum.body));
    assert.equal(sum.body.result.result, (2_000 * 1_999) / 2);
    const answers = await waitForResult(base, model.body.workflowId, 600_000);
    assert.equal(answers.body.status, 'COMPLETED', JSON.stringify(answers.body));
    assert.ok(answers.body.result.tasks.every((t: { status: string }) => t.status === 'succeeded'));
  });
});
