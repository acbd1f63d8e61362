import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { jsonLineOf } from '../../telemetry/log-lines.js';

export interface ChildSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
}

interface Running {
  spec: ChildSpec;
  process: ChildProcess;
  exited: Promise<void>;
  startedAt: number;
}

const COLORS = [36, 33, 35, 32, 34, 31];

/**
 * Runs child processes with name-prefixed logs (or JSON lines). Each child gets its own process group, so a
 * Ctrl-C reaches only the supervisor, which then stops the children in a chosen order (API and
 * workers first so they drain, the server last) and kills whatever outlives its grace period.
 */
export class Supervisor {
  private readonly running: Running[] = [];
  private stopping = false;
  private readonly width: number;

  constructor(
    names: string[],
    /** json: every line is one JSON object with its process's name (a child's own JSON, or a wrapped line). */
    private readonly format: 'text' | 'json',
    private readonly onUnexpectedExit: (
      spec: ChildSpec,
      code: number | null,
      signal: string | null,
      ranMs: number,
    ) => void,
  ) {
    this.width = Math.max(...names.map((n) => n.length));
  }

  log(name: string, line: string): void {
    if (this.format === 'json') {
      process.stdout.write(`${jsonLineOf(name, line)}\n`);
      return;
    }
    const color = COLORS[name.split('').reduce((a, c) => a + c.charCodeAt(0), 0) % COLORS.length];
    const tag = process.stdout.isTTY
      ? `\x1b[${color}m${name.padEnd(this.width)}\x1b[0m`
      : name.padEnd(this.width);
    process.stdout.write(`${tag} | ${line}\n`);
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  start(spec: ChildSpec): void {
    if (this.stopping) return;
    // A restart replaces the entry of the process that died.
    const previous = this.running.findIndex((r) => r.spec.name === spec.name);
    if (previous >= 0) this.running.splice(previous, 1);
    const startedAt = Date.now();
    const child = spawn(spec.command, spec.args, {
      env: {
        ...process.env,
        ...spec.env,
        EXIT_WITH_PARENT: '1',
        FORCE_COLOR: process.stdout.isTTY ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    for (const stream of [child.stdout, child.stderr]) {
      createInterface({ input: stream }).on('line', (line) => this.log(spec.name, line));
    }
    const exited = new Promise<void>((resolve) => {
      child.on('exit', (code, signal) => {
        if (!this.stopping) {
          // Whatever the child left in its group (the dev server under its wrapper) goes too,
          // so a restart finds its ports and files free.
          if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
          this.onUnexpectedExit(spec, code, signal, Date.now() - startedAt);
        }
        resolve();
      });
      child.on('error', (err) => {
        this.log(spec.name, `failed to start: ${err.message}`);
        resolve();
      });
    });
    this.running.push({ spec, process: child, exited, startedAt });
  }

  /** Stops children stage by stage (each stage at once): SIGTERM to each group, SIGKILL after `graceMs`. */
  async stopAll(graceMs: number, stages: string[][]): Promise<void> {
    this.stopping = true;
    for (const names of stages) {
      const group = this.running.filter((r) => names.includes(r.spec.name));
      await Promise.all(group.map((r) => this.stopOne(r, graceMs)));
    }
  }

  private async stopOne(r: Running, graceMs: number): Promise<void> {
    if (r.process.exitCode !== null || r.process.signalCode !== null || r.process.pid === undefined) return;
    const pid = r.process.pid;
    signalGroup(pid, 'SIGTERM');
    const killer = setTimeout(() => {
      this.log(r.spec.name, `did not stop within ${graceMs} ms: killing`);
      signalGroup(pid, 'SIGKILL');
    }, graceMs);
    await r.exited;
    clearTimeout(killer);
    // Anything the child left in its group goes too.
    signalGroup(pid, 'SIGKILL');
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}
