import { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '../config/app-config.js';

/** Connects a worker, retrying while the server comes up (the supervisor starts them together). */
export async function connectWorker(config: AppConfig, waitMs = 60_000): Promise<NativeConnection> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      return await NativeConnection.connect(config.temporal.connect.connectionOptions);
    } catch (err) {
      if (Date.now() > deadline) {
        throw new Error(`cannot reach Temporal at ${config.temporal.address}: ${(err as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}
