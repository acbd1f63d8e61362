import { existsSync } from 'node:fs';
import type { WorkerOptions } from '@temporalio/worker';
import { fromRoot } from '../config/project-root.js';

export const WORKFLOW_BUNDLE_PATH = fromRoot('dist', 'workflow-bundle.js');
export const WORKFLOWS_ENTRY = fromRoot('dist', 'workflows', 'index.js');

/**
 * Production workers load the bundle `npm run build` wrote; without one they bundle the
 * workflow sources at start-up (slower, same code).
 */
export function workflowSource(): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> {
  return existsSync(WORKFLOW_BUNDLE_PATH)
    ? { workflowBundle: { codePath: WORKFLOW_BUNDLE_PATH } }
    : { workflowsPath: WORKFLOWS_ENTRY };
}
