import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fromRoot } from '../../config/project-root.js';

export interface BareHttpStarter {
  baseUrl: string;
  pid: number;
  stop(): Promise<void>;
}

/** Runs bare-http-starter.js as its own process on `temporalAddress`; resolves once it listens. */
export async function startBareHttpStarter(temporalAddress: string): Promise<BareHttpStarter> {
  const child = spawn(process.execPath, [fromRoot('dist', 'bench', 'peer', 'bare-http-starter.js')], {
    // Should the benchmark die, the server notices it was orphaned and stops (exit-with-parent).
    env: { ...process.env, TEMPORAL_ADDRESS: temporalAddress, EXIT_WITH_PARENT: '1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    createInterface({ input: child.stdout }).once('line', (line) => {
      let port: unknown;
      try {
        port = (JSON.parse(line) as { port?: unknown }).port;
      } catch {
        // not the line it prints first: refused below
      }
      if (typeof port === 'number') resolve(port);
      else reject(new Error(`the bare HTTP starter said ${line}, not its port`));
    });
    void exited.then(() => reject(new Error('the bare HTTP starter exited before it listened')));
  });
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
