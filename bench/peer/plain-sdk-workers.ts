import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import type { NativeConnection } from '@temporalio/worker';
import { plainActivities } from './plain-sdk-activities.js';

export const PLAIN_WORKFLOW_QUEUE = 'plain-sdk-workflows';

/** A workflow worker and an activity worker on their own queues, plain SDK defaults. */
export async function startPlainWorkers(connection: NativeConnection, namespace: string) {
  const workers = [
    await Worker.create({
      connection,
      namespace,
      taskQueue: PLAIN_WORKFLOW_QUEUE,
      workflowsPath: fileURLToPath(new URL('./plain-sdk-workflows.js', import.meta.url)),
    }),
    await Worker.create({
      connection,
      namespace,
      taskQueue: 'plain-sdk-activities',
      activities: plainActivities,
    }),
  ];
  const running = workers.map((w) => w.run());
  return {
    async stop() {
      for (const w of workers) w.shutdown();
      await Promise.allSettled(running);
    },
  };
}
