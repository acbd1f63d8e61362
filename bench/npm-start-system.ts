// The system as `npm start` runs it (supervisor, embedded dev server on SQLite, separate worker
// processes and the API), on free ports and a private data folder: benchmarks measure what users
// run, not an in-process stack.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { fromRoot } from '../config/project-root.js';
import { freePort } from '../scripts/lib/free-port.js';

export interface RunningSystem {
  baseUrl: string;
  temporalAddress: string;
  /** Its data folder (DATA_DIR: the project's .data unless the caller sets one). */
  dataDir: string;
  /** The supervisor's process id: the system's processes are it and its descendants. */
  pid: number;
  stop(): Promise<void>;
}

export async function startNpmStartSystem(env: Record<string, string> = {}): Promise<RunningSystem> {
  const dataDir = mkdtempSync(join(tmpdir(), 'parallel-ai-bench-'));
  const [api, temporal, ui] = [await freePort(), await freePort(), await freePort()];
  const child: ChildProcess = spawn(process.execPath, [fromRoot('dist', 'scripts', 'start.js')], {
    env: {
      ...process.env,
      PORT: String(api),
      TEMPORAL_DEV_SERVER_PORT: String(temporal),
      TEMPORAL_DEV_UI_PORT: String(ui),
      METRICS_BASE_PORT: '0',
      TEMPORAL_DB_FILE: join(dataDir, 'temporal.sqlite'),
      TEMPORAL_ADDRESS: '',
      LOG_LEVEL: 'WARN',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${api}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    const ok = await fetch(`${baseUrl}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || child.exitCode !== null)
      throw new Error('the system did not become healthy');
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    baseUrl,
    temporalAddress: `127.0.0.1:${temporal}`,
    pid: child.pid!,
    dataDir: loadConfig({ ...process.env, ...env }).dataDir,
    async stop() {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
