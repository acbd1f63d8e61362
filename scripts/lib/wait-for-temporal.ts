import { Connection } from '@temporalio/client';
import type { AppConfig } from '../../config/app-config.js';

/** Resolves once the frontend answers a real RPC (an open port alone is not enough). */
export async function waitForTemporal(config: AppConfig, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    try {
      const connection = await Connection.connect({
        ...config.temporal.connect.connectionOptions,
        connectTimeout: 2_000,
      });
      try {
        await connection.workflowService.describeNamespace({ namespace: config.temporal.namespace });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = (err as Error).message;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  throw new Error(
    `Temporal at ${config.temporal.address} did not answer within ${timeoutMs} ms: ${lastError}`,
  );
}
