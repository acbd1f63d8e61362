import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ChildSpec } from '../lib/supervisor.js';

/**
 * PostgreSQL with its data folder under .data/cluster: created once (trust auth for the local
 * user `temporal`, listening on 127.0.0.1 only), then reused, so history survives restarts.
 * Run as root (a container), it runs as the `postgres` user the package created.
 */
export class LocalPostgres {
  private readonly asRoot = process.getuid?.() === 0;

  constructor(
    private readonly bin: string,
    readonly dataDir: string,
    readonly port: number,
  ) {}

  private command(cmd: string, args: string[]): [string, string[]] {
    const path = join(this.bin, cmd);
    return this.asRoot ? ['runuser', ['-u', 'postgres', '--', path, ...args]] : [path, args];
  }

  /** initdb on first use; true when it created the folder. */
  init(): boolean {
    if (existsSync(join(this.dataDir, 'PG_VERSION'))) return false;
    mkdirSync(this.dataDir, { recursive: true });
    chmodSync(this.dataDir, 0o700);
    if (this.asRoot) execFileSync('chown', ['-R', 'postgres:postgres', this.dataDir]);
    const [cmd, args] = this.command('initdb', [
      '-D',
      this.dataDir,
      '-U',
      'temporal',
      '--auth=trust',
      '-E',
      'UTF8',
    ]);
    execFileSync(cmd, args, { stdio: 'ignore' });
    return true;
  }

  /** The server in the foreground, for the supervisor (SIGTERM stops it cleanly). */
  spec(): ChildSpec {
    const [command, args] = this.command('postgres', [
      '-D',
      this.dataDir,
      '-p',
      String(this.port),
      '-k',
      this.dataDir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'max_connections=200',
    ]);
    return { name: 'postgres', command, args };
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const ready = spawnSync(join(this.bin, 'pg_isready'), [
        '-h',
        '127.0.0.1',
        '-p',
        String(this.port),
        '-U',
        'temporal',
      ]);
      if (ready.status === 0) return;
      await new Promise((r) => setTimeout(r, 300));
    }
    throw new Error(`PostgreSQL on port ${this.port} not ready within ${timeoutMs} ms`);
  }
}
