import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import { createCpuActivities } from '../activities/create-cpu-activities.js';
import type { AppConfig } from '../config/app-config.js';
import { taskQueueNames } from '../workflows/contracts/index.js';
import { workerTracingOptions } from './worker-tracing.js';

export function createCpuWorker(connection: NativeConnection, config: AppConfig): Promise<Worker> {
  return Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: taskQueueNames(config.taskQueuePrefix).cpu,
    activities: createCpuActivities({ dataDir: config.dataDir }),
    ...workerTracingOptions('activity'),
    maxConcurrentActivityTaskExecutions: config.cpuWorkerConcurrency,
    // Heartbeats are how cancellations reach activities: flush them often so a cancel lands fast.
    maxHeartbeatThrottleInterval: '500ms',
    defaultHeartbeatThrottleInterval: '500ms',
    shutdownGraceTime: config.shutdownGraceMs,
  });
}
