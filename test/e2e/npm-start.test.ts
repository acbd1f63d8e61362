import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { temporalCliPath } from '../../config/binaries.js';
import { fromRoot } from '../../config/project-root.js';
import { http, waitForResult } from '../helpers/http.js';

// The whole system as `npm start` runs it: supervisor, embedded dev server (SQLite), three
// worker processes and the API, on free ports so it never collides with a running instance.

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

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
const ports = { api: 0, temporal: 0, ui: 0 };

function startSystem(): { child: ChildProcess; output: () => string } {
  let output = '';
  const child = spawn(process.execPath, [fromRoot('dist', 'scripts', 'start.js')], {
    env: {
      ...process.env,
      PORT: String(ports.api),
      TEMPORAL_DEV_SERVER_PORT: String(ports.temporal),
      TEMPORAL_DEV_UI_PORT: String(ports.ui),
      TEMPORAL_DB_FILE: join(dataDir, 'temporal.sqlite'),
      LLM_MODELS: 'smollm2-135m=models/SmolLM2-135M-Instruct.Q4_1.gguf',
      LLM_SEQUENCES: '2',
      TEMPORAL_ADDRESS: '',
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

async function stopSystem(child: ChildProcess, signal: NodeJS.Signals): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill(signal);
  return exited;
}

describe('npm start (the whole system)', { timeout: 240_000 }, () => {
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

    const children = descendants(system.child.pid!);
    assert.ok(children.length >= 5, `supervisor has its children (${children.length})`);

    // A child that dies is reported loudly.
    const cpuWorker = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .find(([pid, ...args]) => children.includes(Number(pid)) && args.join(' ').includes('cpu-worker.js'));
    assert.ok(cpuWorker, 'the CPU worker runs as its own process');
    process.kill(Number(cpuWorker[0]), 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (!system.output().includes('!!! worker:cpu exited unexpectedly') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(system.output(), /!!! worker:cpu exited unexpectedly \(SIGKILL\): the system is degraded/);

    const code = await stopSystem(system.child, 'SIGINT');
    assert.equal(code, 0);
    assert.deepEqual(
      children.filter((pid) => alive(pid)),
      [],
      'no process left behind',
    );
    for (const port of Object.values(ports))
      assert.equal(await listening(port), false, `port ${port} closed`);
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
