// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { freePort } from '../../scripts/lib/free-port.js';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { temporalCliPath } from '../../config/binaries.js';
import { fromRoot } from '../../config/project-root.js';
import { until } from '../../scripts/lib/child-processes.js';
import { dashboardMetricNames } from '../helpers/dashboard-metrics.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { collectPageErrors, launchBrowser, submitStartForm } from '../helpers/browser.js';

// The whole system as `npm start` runs it: supervisor, embedded dev server (SQLite), three
// worker processes and the API, on free ports so it never collides with a running instance.

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host: '127.0.0.1' });
    socket.on('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

function descendants(pid: number): number[] {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid='], { encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((l) => l.trim().split(/\s+/).map(Number) as [number, number]);
  const out: number[] = [];
  const walk = (p: number) => {
    for (const [child, parent] of rows) {
      if (parent === p) {
        out.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'parallel-ai-start-'));
const ports = { api: 0, temporal: 0, ui: 0, metrics: 0 };

function startSystem(): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [fromRoot('dist', 'scripts', 'start.js')], {
    env: {
      ...process.env,
      PORT: String(ports.api),
      TEMPORAL_DEV_SERVER_PORT: String(ports.temporal),
      TEMPORAL_DEV_UI_PORT: String(ports.ui),
      METRICS_BASE_PORT: String(ports.metrics),
      TEMPORAL_DB_FILE: join(dataDir, 'temporal.sqlite'),
      LLM_MODELS: 'smollm2-135m=models/SmolLM2-135M-Instruct.Q4_1.gguf',
      LLM_SEQUENCES: '2',
      TEMPORAL_ADDRESS: '',
      // Every process logs JSON lines (checked at the end of the first test).
      LOG_FORMAT: 'json',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  return { child, output: () => output };
}

async function waitForHealth(base: string, timeoutMs: number): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const ok = await http('GET', `${base}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) return Date.now() - started;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`/health not 200 within ${timeoutMs} ms`);
}

/** The pid of the first of `pids` whose command line contains `fragment`. */
function processOf(pids: number[], fragment: string): number | undefined {
  const row = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find(([pid, ...args]) => pids.includes(Number(pid)) && args.join(' ').includes(fragment));
  return row ? Number(row[0]) : undefined;
}

const waitFor = (check: () => boolean | Promise<boolean>, timeoutMs: number, what: string) =>
  until(check, timeoutMs, what, 200);

async function stopSystem(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

describe('npm start (the whole system)', { timeout: 360_000 }, () => {
  let system: ReturnType<typeof startSystem> | undefined;
  after(() => {
    // A failed test must not leave the system running: its children stop when orphaned.
    if (system?.child.exitCode === null) system.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  let workflowId = '';

  it('is healthy within 60 s, runs a workflow through the API, shows it to the CLI, and stops cleanly', async () => {
    ports.api = await freePort();
    ports.temporal = await freePort();
    ports.ui = await freePort();
    ports.metrics = await freePort();
    const base = `http://127.0.0.1:${ports.api}`;
    system = startSystem();
    await waitForHealth(base, 60_000).catch((err: Error) => {
      throw new Error(`${err.message}\n--- output ---\n${system!.output()}`);
    });

    const started = await http('POST', `${base}/workflows/echo`, { message: 'from npm start' });
    assert.equal(started.status, 201);
    workflowId = started.body.workflowId;
    const result = await waitForResult(base, workflowId);
    assert.deepEqual(result.body, {
      status: 'COMPLETED',
      result: { message: 'from npm start', echoedBy: 'util.echo' },
    });
    // Every worker serves its Prometheus metrics on its own port; the CPU worker ran the echo.
    for (const offset of [0, 1, 2]) {
      const metrics = await fetch(`http://127.0.0.1:${ports.metrics + offset}/metrics`);
      assert.equal(metrics.status, 200);
      const text = await metrics.text();
      assert.match(text, /^temporal_/m);
      if (offset === 1) assert.match(text, /activity_type="util\.echo"/);
    }

    // The Grafana dashboard's queries name metrics these processes really export, once a model
    // call, a map-reduce, a failed activity attempt and a failed run have happened.
    const llm = await http('POST', `${base}/workflows/scatter-gather`, {
      tasks: [
        { id: 'a', activity: 'llm.generate', input: { model: 'smollm2-135m', prompt: 'Hi', maxTokens: 4 } },
      ],
      policy: { mode: 'all' },
    });
    assert.equal((await waitForResult(base, llm.body.workflowId)).body.status, 'COMPLETED');
    const counted = await http('POST', `${base}/workflows/map-reduce`, {
      items: ['a b', 'b c'],
      mapper: 'text.wordCount',
      reducer: 'counts.merge',
    });
    assert.equal((await waitForResult(base, counted.body.workflowId)).body.status, 'COMPLETED');
    const failing = await http('POST', `${base}/workflows/dag`, {
      nodes: [
        { id: 'bad', activity: 'util.delay', input: { ms: 1, failTimes: 9 }, retry: { maximumAttempts: 1 } },
      ],
    });
    assert.equal((await waitForResult(base, failing.body.workflowId)).body.status, 'FAILED');
    const scrapes = await Promise.all([
      ...[0, 1, 2].map(async (o) => (await fetch(`http://127.0.0.1:${ports.metrics + o}/metrics`)).text()),
      (await fetch(`${base}/metrics`)).text(),
    ]);
    const names = dashboardMetricNames();
    assert.ok(names.length >= 10, names.join(', '));
    for (const name of names)
      assert.ok(
        scrapes.some((text) => new RegExp(`^${name}[{ ]`, 'm').test(text)),
        `the dashboard reads ${name}, which no process exports`,
      );

    // The real CLI sees it, and the Web UI is served.
    const listed = execFileSync(
      temporalCliPath(),
      ['workflow', 'list', '--address', `127.0.0.1:${ports.temporal}`, '--output', 'json'],
      { encoding: 'utf8' },
    );
    assert.ok(listed.includes(workflowId), 'temporal workflow list shows the run');
    const ui = await fetch(`http://127.0.0.1:${ports.ui}/`);
    assert.equal(ui.status, 200);
    const described = await http('GET', `${base}/workflows/${workflowId}`);
    assert.equal(
      described.body.webUiUrl,
      `http://localhost:${ports.ui}/namespaces/default/workflows/${workflowId}/${described.body.runId}/history`,
    );

    const firstChildren = descendants(system.child.pid!);
    assert.ok(firstChildren.length >= 5, `supervisor has its children (${firstChildren.length})`);

    // A worker killed mid-run is restarted by the supervisor, and the run finishes with the exact
    // result (its in-flight batches retried after their 10 s heartbeat timeout).
    const mapReduce = await http('POST', `${base}/workflows/map-reduce`, {
      source: { type: 'range', start: 0, end: 3_000 },
      mapper: { activity: 'util.delay', input: { ms: 100, value: { $item: '' } } },
      reducer: 'number.sum',
      maxConcurrency: 2,
    });
    assert.equal(mapReduce.status, 201, JSON.stringify(mapReduce.body));
    await new Promise((r) => setTimeout(r, 1_500));
    const cpuWorker = processOf(firstChildren, 'cpu-worker.js');
    assert.ok(cpuWorker, 'the CPU worker runs as its own process');
    process.kill(cpuWorker, 'SIGKILL');
    await waitFor(() => system!.output().includes('worker:cpu restarted'), 10_000, 'the restart');
    assert.match(system.output(), /!!! worker:cpu exited unexpectedly \(SIGKILL\): restarting it/);
    // The workflow worker and the GPU worker too (the run's workflow tasks go to the new one).
    for (const [name, file] of [
      ['worker:workflows', 'workflow-worker.js'],
      ['worker:gpu', 'gpu-worker.js'],
    ] as const) {
      const pid = processOf(descendants(system.child.pid!), file);
      assert.ok(pid, `${name} runs`);
      process.kill(pid, 'SIGKILL');
      await waitFor(() => system!.output().includes(`${name} restarted`), 10_000, `${name} restarted`);
    }
    await waitForHealth(base, 60_000);
    const sum = await waitForResult(base, mapReduce.body.workflowId);
    assert.equal(sum.body.status, 'COMPLETED', JSON.stringify(sum.body));
    assert.equal(sum.body.result.result, (3_000 * 2_999) / 2);

    // The dev server killed outright comes back on the same file; workers and API stay up.
    const server = processOf(descendants(system.child.pid!), 'start-dev');
    assert.ok(server, 'the dev server runs under the supervisor');
    const survivors = ['workflow-worker.js', 'cpu-worker.js', 'api/main.js'].map((s) =>
      processOf(descendants(system!.child.pid!), s),
    );
    process.kill(server, 'SIGKILL');
    await waitFor(
      () => system!.output().includes('!!! temporal exited unexpectedly'),
      10_000,
      'server restart',
    );
    await waitForHealth(base, 60_000);
    assert.deepEqual(
      survivors.map((pid) => pid !== undefined && alive(pid)),
      [true, true, true],
      'workers and API were not restarted',
    );
    const again = await http('GET', `${base}/workflows/${workflowId}`);
    assert.equal(again.body.status, 'COMPLETED', 'history kept');
    const echo = await http('POST', `${base}/workflows/echo`, { message: 'after the restart' });
    assert.equal((await waitForResult(base, echo.body.workflowId)).body.status, 'COMPLETED');

    const children = descendants(system.child.pid!);
    const code = await stopSystem(system.child, 'SIGINT');
    assert.equal(code, 0);
    assert.deepEqual(
      children.filter((pid) => alive(pid)),
      [],
      'no process left behind',
    );
    for (const port of Object.values(ports))
      assert.equal(await listening(port), false, `port ${port} closed`);

    // LOG_FORMAT=json: every line of every process is one JSON object naming its process.
    const lines = system
      .output()
      .split('\n')
      .filter((l) => l.trim() !== '');
    const parsed = lines.map((line) => {
      try {
        return JSON.parse(line) as { process?: string; msg?: string; message?: string };
      } catch {
        throw new Error(`not a JSON line: ${line}`);
      }
    });
    const processes = new Set(parsed.map((p) => p.process));
    for (const name of ['start', 'temporal', 'worker:workflows', 'worker:cpu', 'worker:gpu', 'api'])
      assert.ok(
        processes.has(name),
        // Seen once in a full run and not since: say what there was, for the next time.
        `a line of ${name}; ${lines.length} lines from ${[...processes].join(', ')}; first: ${lines.slice(0, 5).join(' / ')}`,
      );
    assert.ok(parsed.every((p) => typeof p.msg === 'string' || typeof p.message === 'string'));
  });

  it('keeps the history of completed workflows across a restart of the embedded server', async () => {
    assert.ok(workflowId, 'first test ran');
    const base = `http://127.0.0.1:${ports.api}`;
    system = startSystem();
    await waitForHealth(base, 60_000);
    const described = await http('GET', `${base}/workflows/${workflowId}`);
    assert.equal(described.status, 200);
    assert.equal(described.body.status, 'COMPLETED');
    const result = await http('GET', `${base}/workflows/${workflowId}/result`);
    assert.equal(result.body.result.message, 'from npm start');

    // The console at /console shows the runs; a pipeline started from its form is watched live
    // to its result (Chromium; the deployment serves smollm2 only, so the judge is set to it).
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      const errors = collectPageErrors(page);
      await page.goto(`${base}/console`);
      await page
        .locator(`[data-testid="runs"] [data-workflow-id="${workflowId}"]`)
        .waitFor({ timeout: 30_000 });
      await page.goto(`${base}/console/#/start/pipelines/consensus`);
      await page.locator('#root_judge_model').waitFor({ timeout: 30_000 });
      await page.locator('#root_judge_model').fill('smollm2-135m');
      await page.locator('#root_stream').selectOption('tokens');
      await submitStartForm(page);
      await page
        .locator('[data-testid="run-page"][data-run-status="COMPLETED"]')
        .waitFor({ timeout: 120_000 });
      await page.locator('[data-testid="token-panel"]').first().waitFor({ timeout: 30_000 });
      await page.locator('[data-tab="result"]').click();
      await page.locator('[data-testid="result"][data-status="COMPLETED"]').waitFor({ timeout: 30_000 });
      assert.match(await page.locator('.headline').innerText(), /best/i);
      assert.deepEqual(errors, []);
    } finally {
      await browser.close();
    }

    // Even a supervisor killed outright leaves nothing behind: its children notice and stop.
    const children = descendants(system.child.pid!);
    await stopSystem(system.child, 'SIGKILL');
    const deadline = Date.now() + 30_000;
    while (children.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    assert.deepEqual(children.filter(alive), [], 'orphaned children stopped themselves');
    for (const port of Object.values(ports))
      assert.equal(await listening(port), false, `port ${port} closed`);
  });
});
