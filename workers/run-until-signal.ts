import type { Worker } from '@temporalio/worker';

/**
 * Runs workers until SIGINT/SIGTERM (the SDK's runtime shuts them down on those signals and
 * lets running activities finish within shutdownGraceTime), then closes the connection.
 */
export async function runWorkers(name: string, workers: Worker[], close: () => Promise<void>): Promise<void> {
  console.log(`[${name}] polling ${workers.map((w) => w.options.taskQueue).join(', ')}`);
  try {
    await Promise.all(workers.map((w) => w.run()));
  } finally {
    await close();
    console.log(`[${name}] stopped`);
  }
}

export function exitOnError(name: string): (err: unknown) => never {
  return (err) => {
    console.error(`[${name}] fatal:`, err instanceof Error ? err.message : err);
    process.exit(1);
  };
}
