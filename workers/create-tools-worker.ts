import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import { createToolActivities } from '../activities/tools/create-tool-activities.js';
import { McpHub } from '../activities/tools/mcp-hub.js';
import type { AppConfig } from '../config/app-config.js';
import { toolsTaskQueue } from '../workflows/contracts/index.js';
import { workerTracingOptions } from './worker-tracing.js';

/**
 * The tools queue's worker: the built-in tools, and the MCP servers of MCP_SERVERS, whose
 * connections it holds (opened on first use; a killed worker's calls are retried on another).
 * `close` ends the connections (stdio servers exit with them).
 */
export async function createToolsWorker(
  connection: NativeConnection,
  config: AppConfig,
): Promise<{ worker: Worker; close: () => Promise<void> }> {
  const mcp = new McpHub(config.tools.mcpServers);
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: toolsTaskQueue(config.taskQueuePrefix),
    activities: createToolActivities({ dataDir: config.dataDir, httpAllow: config.tools.httpAllow, mcp }),
    ...workerTracingOptions('activity'),
    maxConcurrentActivityTaskExecutions: config.cpuWorkerConcurrency,
    maxHeartbeatThrottleInterval: '500ms',
    defaultHeartbeatThrottleInterval: '500ms',
    shutdownGraceTime: config.shutdownGraceMs,
  });
  return { worker, close: () => mcp.close() };
}
