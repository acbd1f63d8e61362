// Worker-side entry point (`parallel-ai-temporal/worker`): build this project's workers, or
// host its activities in workers of one's own. Node code; never import it from workflow code.
export { createWorkflowWorker } from './create-workflow-worker.js';
export type { WorkflowWorkerOptions } from './create-workflow-worker.js';
export { createCpuWorker } from './create-cpu-worker.js';
export { createGpuWorkers } from './create-gpu-workers.js';
export type { GpuWorkers } from './create-gpu-workers.js';
export { connectWorker } from './temporal-connection.js';
export { installWorkerLogging } from './runtime-logging.js';
export { workflowSource, WORKFLOWS_ENTRY, WORKFLOW_BUNDLE_PATH } from './workflow-bundle.js';
export { createCpuActivities } from '../activities/create-cpu-activities.js';
export type { CpuActivities, CpuActivityDeps } from '../activities/create-cpu-activities.js';
export { createLlmActivities } from '../activities/create-llm-activities.js';
export type { LlmActivities, LlmActivityDeps } from '../activities/create-llm-activities.js';
export { loadConfig } from '../config/app-config.js';
export type { AppConfig } from '../config/app-config.js';
