// Recognises a poison request: an activity whose attempts take the worker process down with
// them. Each attempt leaves a marker file while it runs; the next attempt finding a marker from
// a process that is gone knows the previous attempt died with its worker, and after a few such
// deaths the activity fails for good instead of taking the next worker down too.
import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

/** This process, as opposed to an earlier one with the same pid (pid 1 in a container). */
const BOOT_ID = randomUUID();
const STALE_MS = 24 * 3600_000;

interface Marker {
  bootId: string;
  pid: number;
  /** Earlier attempts that died with their process. */
  deaths: number;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export class CrashGuard {
  constructor(
    private readonly dir: string,
    /** Attempts that may die with their worker before the activity fails for good. */
    readonly maxDeaths = 2,
  ) {
    mkdirSync(dir, { recursive: true });
    // Markers of attempts that died and were never retried (the run ended meanwhile).
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      try {
        if (Date.now() - statSync(path).mtimeMs > STALE_MS) rmSync(path, { force: true });
      } catch {
        // removed meanwhile
      }
    }
  }

  /** Wraps an activity: every attempt is marked while it runs. */
  wrap<I, O>(activity: string, fn: (input: I) => Promise<O>): (input: I) => Promise<O> {
    return async (input: I) => {
      const { info } = Context.current();
      const run = info.workflowExecution;
      const key = `${run?.workflowId ?? ''}\n${run?.runId ?? ''}\n${info.activityId}`;
      const file = join(this.dir, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`);
      const deaths = info.attempt > 1 ? await this.deathsBefore(file) : 0;
      if (deaths >= this.maxDeaths) {
        await rm(file, { force: true });
        throw ApplicationFailure.nonRetryable(
          `${activity}: ${deaths} earlier attempts ended with their worker process dying; not tried again so it cannot take another worker down`,
          ERROR_TYPES.WorkerCrashed,
        );
      }
      const marker: Marker = { bootId: BOOT_ID, pid: process.pid, deaths };
      await writeFile(file, JSON.stringify(marker));
      try {
        return await fn(input);
      } finally {
        await rm(file, { force: true });
      }
    };
  }

  private async deathsBefore(file: string): Promise<number> {
    let marker: Marker;
    try {
      marker = JSON.parse(await readFile(file, 'utf8')) as Marker;
    } catch {
      return 0; // the previous attempt ended normally (or ran on another machine)
    }
    const died = marker.bootId !== BOOT_ID && (marker.pid === process.pid || !alive(marker.pid));
    return marker.deaths + (died ? 1 : 0);
  }
}
