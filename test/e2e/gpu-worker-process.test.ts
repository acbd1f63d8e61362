// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../config/project-root.js';
import { llmTaskQueue } from '../../workflows/contracts/index.js';
import type { DagResult, LlmGenerateOutput } from '../../workflows/contracts/index.js';
import type { LiveEvent } from '../../workflows/contracts/index.js';
import { events, waitUntil } from '../helpers/history.js';
import { readSse } from '../../runtime/sse-client.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { freePort } from '../../scripts/lib/free-port.js';
import { DEFAULT_EMBEDDING_MODEL } from '../../config/app-config.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

// The GPU worker as its own process (as `npm start` runs it), so it can be killed for real.
describe('GPU worker process', { timeout: 600_000 }, () => {
  let stack: Stack;
  const workers: ChildProcess[] = [];

  let metricsPort = 0;
  function startGpuWorker(port?: number): ChildProcess {
    const child = spawn(process.execPath, [fromRoot('dist', 'workers', 'gpu-worker.js')], {
      env: {
        ...process.env,
        ...(port ? { METRICS_PORT: String(port) } : {}),
        TEMPORAL_ADDRESS: stack.env.address,
        TASK_QUEUE_PREFIX: stack.config.taskQueuePrefix,
        LLM_SEQUENCES: '2',
        LLM_CONTEXT_SIZE: '512',
        LLM_EMBEDDING_MODEL: DEFAULT_EMBEDDING_MODEL,
        LOG_LEVEL: 'WARN',
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    workers.push(child);
    return child;
  }

  async function waitForModels(): Promise<void> {
    await waitUntil(
      async () => {
        const r = await http('GET', `${stack.baseUrl}/models`);
        return r.body.models.every((m: any) => m.served);
      },
      60_000,
      'the GPU worker to poll every model queue',
    );
  }

  before(async () => {
    stack = await startStack({ api: true, env: { LLM_EMBEDDING_MODEL: DEFAULT_EMBEDDING_MODEL } });
    metricsPort = await freePort();
    startGpuWorker(metricsPort);
    await waitForModels();
  });
  after(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await stack?.teardown();
  });

  it('GET /health is 200 and GET /models shows every model served on its own queue', async () => {
    const health = await http('GET', `${stack.baseUrl}/health`);
    assert.equal(health.status, 200, JSON.stringify(health.body));
    const models = await http('GET', `${stack.baseUrl}/models`);
    assert.deepEqual(
      models.body.models.map((m: any) => [m.name, m.kind, m.taskQueue, m.served]),
      [
        ['smollm2-135m', 'chat', llmTaskQueue(stack.config.taskQueuePrefix, 'smollm2-135m'), true],
        ['gemma3-270m', 'chat', llmTaskQueue(stack.config.taskQueuePrefix, 'gemma3-270m'), true],
        ['minilm-l6', 'embedding', llmTaskQueue(stack.config.taskQueuePrefix, 'minilm-l6'), true],
      ],
    );
  });

  it('a scatter-gather of llm.generate over both models through the API returns two answers', async () => {
    const started = await http('POST', `${stack.baseUrl}/workflows/scatter-gather`, {
      tasks: ['smollm2-135m', 'gemma3-270m'].map((model) => ({
        id: model,
        activity: 'llm.generate',
        input: { model, prompt: 'Name one planet of the solar system.', maxTokens: 16 },
      })),
      policy: { mode: 'all' },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const result = await waitForResult(stack.baseUrl, started.body.workflowId);
    assert.equal(result.body.status, 'COMPLETED');
    const answers = result.body.result.tasks.map((t: any) => t.output as LlmGenerateOutput);
    assert.deepEqual(
      answers.map((a: LlmGenerateOutput) => a.model),
      ['smollm2-135m', 'gemma3-270m'],
    );
    for (const a of answers) assert.ok(a.text.trim().length > 0, `${a.model} answered`);
    // The worker's Prometheus port: the SDK's own metrics, and exactly these calls' tokens.
    const scrape = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    assert.match(scrape, /^temporal_activity_execution_latency/m);
    // The sequence pool per model: both calls waited for and then released their sequence.
    for (const a of answers) {
      const line = (name: string) =>
        scrape.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(`model="${a.model}"`));
      assert.equal(line('llm_sequences_busy')?.split(' ').pop(), '0', `${a.model} sequences busy`);
      assert.equal(line('llm_requests_waiting')?.split(' ').pop(), '0', `${a.model} requests waiting`);
      assert.equal(line('llm_sequence_wait_count')?.split(' ').pop(), '1', `${a.model} sequence waits`);
    }
    for (const a of answers) {
      const counted = scrape
        .split('\n')
        .filter((l) => l.startsWith('llm_completion_tokens_total{') && l.includes(`model="${a.model}"`))
        .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
      assert.equal(
        counted,
        a.completionTokens,
        `${a.model}: ${scrape
          .split('\n')
          .filter((l) => l.startsWith('llm_'))
          .join('\n')}`,
      );
    }
  });

  it('a GPU worker killed with SIGKILL mid-generation: the run completes once a worker is back, and its stream resets the branch', async () => {
    const handle = await stack.start('dagWorkflow', {
      stream: 'tokens',
      nodes: [
        {
          id: 'gen',
          activity: 'llm.generate',
          input: { model: 'smollm2-135m', prompt: 'Describe a forest in detail.', maxTokens: 200 },
        },
      ],
    });
    // The run's live events, read as a client would, from the start.
    const live: LiveEvent[] = [];
    const reading = readSse(`${stack.baseUrl}/workflows/${encodeURIComponent(handle.workflowId)}/events`, {
      onEvent: (e) => live.push(JSON.parse(e.data) as LiveEvent),
    });
    await waitUntil(
      () => Promise.resolve(live.filter((e) => e.type === 'token').length >= 2),
      30_000,
      'tokens to stream',
    );
    const victim = workers[workers.length - 1]!;
    victim.kill('SIGKILL');
    await new Promise((r) => victim.once('exit', r));
    startGpuWorker();
    const result = (await handle.result()) as DagResult;
    assert.equal(result.nodes.gen!.status, 'succeeded');
    assert.ok((result.nodes.gen!.output as LlmGenerateOutput).text.length > 0);
    // The first attempt died with its worker (heartbeat timeout); a retry on the new one finished.
    const evts = await events(handle);
    const attempts = evts
      .filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    assert.ok(
      attempts.some((a) => (a ?? 0) >= 2),
      `retried: attempts ${attempts.join(',')}`,
    );
    // The client was told to drop the dead attempt's text; what streamed after is the output.
    await reading;
    const reset = live.findLastIndex((e) => e.type === 'branch.reset' && e.path === 'nodes/gen');
    assert.ok(reset > live.findIndex((e) => e.type === 'token'), 'branch.reset after the first tokens');
    const after = live.slice(reset).filter((e) => e.type === 'token') as Array<{ text: string }>;
    assert.equal(after.map((t) => t.text).join(''), (result.nodes.gen!.output as LlmGenerateOutput).text);
  });

  it('batch pipeline: a GPU worker killed with SIGKILL mid-run; the output file is exact and in order', async () => {
    const dir = join(stack.config.dataDir, `test-batch-kill-${Date.now()}`);
    mkdirSync(dir, { recursive: true });
    try {
      const lines = readFileSync('/usr/share/common-licenses/GPL-3', 'utf8')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l.length > 20)
        .slice(0, 40);
      writeFileSync(join(dir, 'in.txt'), `${lines.join('\n')}\n`);
      const labels = ['permission', 'condition', 'warranty', 'other'];
      const rel = dir.slice(stack.config.dataDir.length + 1);
      const started = await http('POST', `${stack.baseUrl}/pipelines/batch`, {
        input: { path: `${rel}/in.txt`, format: 'lines' },
        output: { path: `${rel}/out.jsonl` },
        activity: 'llm.classify',
        params: { model: 'smollm2-135m', labels },
        batchSize: 10,
        maxConcurrency: 2,
      });
      assert.equal(started.status, 201, JSON.stringify(started.body));
      const parts = join(dir, '.out.jsonl.parts');
      await waitUntil(
        () =>
          Promise.resolve(
            existsSync(parts) && readdirSync(parts).some((k) => readdirSync(join(parts, k)).length >= 2),
          ),
        120_000,
        'two batches written',
      );
      const victim = workers[workers.length - 1]!;
      victim.kill('SIGKILL');
      await new Promise((r) => victim.once('exit', r));
      startGpuWorker();
      const done = await waitForResult(stack.baseUrl, started.body.workflowId, 400_000);
      assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
      assert.equal(done.body.result.succeeded, lines.length);
      const out = readFileSync(join(dir, 'out.jsonl'), 'utf8').trimEnd().split('\n');
      assert.equal(out.length, lines.length, 'one output line per input line');
      out.forEach((line, i) => {
        const record = JSON.parse(line) as { index: number; output: { label: string } };
        assert.equal(record.index, i);
        assert.ok(labels.includes(record.output.label));
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
