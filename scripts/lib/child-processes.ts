import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { fromRoot } from '../../config/project-root.js';

export interface Running {
  name: string;
  child: ChildProcess;
  output: string[];
}

/** Runs one of the project's built entry points (dist/<entry>) as a process, collecting its output. */
export function startNodeProcess(name: string, entry: string, env: NodeJS.ProcessEnv): Running {
  const child = spawn(process.execPath, [fromRoot('dist', entry)], {
    // Should this process die, the child notices it was orphaned and stops (see exit-with-parent).
    env: { ...process.env, EXIT_WITH_PARENT: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const running: Running = { name, child, output: [] };
  for (const stream of [child.stdout, child.stderr])
    stream.on('data', (d: Buffer) => running.output.push(d.toString()));
  return running;
}

/** Polls `check` until it holds, or throws naming `what`. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  everyMs = 500,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Stops a process with `signal` and resolves when it has exited. */
export async function stopProcess(r: Running, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (r.child.exitCode !== null || r.child.signalCode !== null) return;
  const exited = new Promise((resolve) => r.child.on('exit', resolve));
  r.child.kill(signal);
  await exited;
}
