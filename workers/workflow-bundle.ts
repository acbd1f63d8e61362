import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { WorkerOptions } from '@temporalio/worker';
import { fromRoot } from '../config/project-root.js';

export const WORKFLOW_BUNDLE_PATH = fromRoot('dist', 'workflow-bundle.js');
/** The same workflows with OpenTelemetry's workflow interceptors, for processes that trace. */
export const TRACED_WORKFLOW_BUNDLE_PATH = fromRoot('dist', 'workflow-bundle-traced.js');
export const WORKFLOWS_ENTRY = fromRoot('dist', 'workflows', 'index.js');
/** Creates the workflow span and carries its context into activities and child runs. */
export const TRACING_WORKFLOW_INTERCEPTORS = createRequire(import.meta.url).resolve(
  '@temporalio/interceptors-opentelemetry/lib/workflow-interceptors',
);

/**
 * Production workers load a bundle `npm run build` wrote (the traced one when this process
 * traces); without one they bundle the workflow sources at start-up (slower, same code).
 */
export function workflowSource(
  traced = false,
): Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath' | 'interceptors'> {
  const bundle = traced ? TRACED_WORKFLOW_BUNDLE_PATH : WORKFLOW_BUNDLE_PATH;
  if (existsSync(bundle)) return { workflowBundle: { codePath: bundle } };
  return {
    workflowsPath: WORKFLOWS_ENTRY,
    ...(traced ? { interceptors: { workflowModules: [TRACING_WORKFLOW_INTERCEPTORS] } } : {}),
  };
}
