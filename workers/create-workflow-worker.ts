import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import type { AppConfig } from '../config/app-config.js';
import { taskQueueNames } from '../workflows/contracts/index.js';
import { workflowSource } from './workflow-bundle.js';

/** Serves workflow tasks only; activities run on the CPU and LLM workers. */
export function createWorkflowWorker(connection: NativeConnection, config: AppConfig): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: taskQueueNames(config.taskQueuePrefix).workflows,
    ...workflowSource(),
    maxConcurrentWorkflowTaskExecutions: config.workflowWorkerConcurrency,
    shutdownGraceTime: config.shutdownGraceMs,
  });
}
