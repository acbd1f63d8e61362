import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '../config/app-config.js';
import { taskQueueNames } from '../workflows/contracts/index.js';
import { createLocalActivities } from '../activities/create-local-activities.js';
import { TRACING_WORKFLOW_INTERCEPTORS, workflowSource } from './workflow-bundle.js';
import { activeTracing } from '../telemetry/tracing.js';
import { LIVE_SINKS_NO_OP } from './live-sinks.js';
import { workerTracingOptions } from './worker-tracing.js';

export interface WorkflowWorkerOptions {
  /**
   * A workflows module of one's own, bundled at start-up instead of this project's prebuilt
   * bundle. It must also export this project's workflows (the library starts them as child
   * runs): `export * from 'parallel-ai-temporal/workflows';` beside one's own.
   */
  workflowsPath?: string;
}

/**
 * Serves workflow tasks, and the short steps the registry marks `local` as local activities; every
 * other activity runs on the CPU and LLM workers.
 */
export function createWorkflowWorker(
  connection: NativeConnection,
  config: AppConfig,
  options: WorkflowWorkerOptions = {},
): Promise<Worker> {
  const traced = activeTracing() !== undefined;
  const tracing = workerTracingOptions('workflow');
  const source = options.workflowsPath ? { workflowsPath: options.workflowsPath } : workflowSource(traced);
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: taskQueueNames(config.taskQueuePrefix).workflows,
    ...source,
    ...tracing,
    sinks: { ...tracing.sinks, ...LIVE_SINKS_NO_OP },
    ...(options.workflowsPath && traced
      ? { interceptors: { ...tracing.interceptors, workflowModules: [TRACING_WORKFLOW_INTERCEPTORS] } }
      : {}),
    activities: createLocalActivities(),
    maxConcurrentWorkflowTaskExecutions: config.workflowWorkerConcurrency,
    shutdownGraceTime: config.shutdownGraceMs,
  });
}
