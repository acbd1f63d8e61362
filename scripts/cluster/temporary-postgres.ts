import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../lib/free-port.js';
import { ensurePostgres } from './binaries.js';
import { LocalPostgres } from './local-postgres.js';

export interface TemporaryPostgres {
  port: number;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL of its own (Debian's package, as the native cluster runs; installed when missing
 * and possible) in a temporary folder on a free port: for tests and benchmarks. `stop` removes it.
 */
export async function startTemporaryPostgres(): Promise<TemporaryPostgres> {
  const bin = ensurePostgres(() => undefined);
  const folder = mkdtempSync(join(tmpdir(), 'parallel-ai-pg-'));
  chmodSync(folder, 0o755); // the postgres user (when run as root) reaches its data folder
  const local = new LocalPostgres(bin, join(folder, 'data'), await freePort());
  local.init();
  const spec = local.spec();
  const server = spawn(spec.command, spec.args, { stdio: 'ignore' });
  const exited = new Promise((resolve) => server.on('exit', resolve));
  await local.waitReady();
  return {
    port: local.port,
    async stop() {
      if (server.exitCode === null) {
        server.kill('SIGTERM');
        await exited;
      }
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
