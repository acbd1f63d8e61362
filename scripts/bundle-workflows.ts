// Prebuilds the workflow bundles production workers load (`npm run build` runs this), so a
// worker starts in milliseconds instead of running webpack at start-up: the plain one, and one
// with OpenTelemetry's workflow interceptors for processes that trace (a prebuilt bundle must
// contain its interceptor modules).
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import {
  TRACED_WORKFLOW_BUNDLE_PATH,
  TRACING_WORKFLOW_INTERCEPTORS,
  WORKFLOW_BUNDLE_PATH,
  WORKFLOWS_ENTRY,
} from '../workers/workflow-bundle.js';

for (const [path, workflowInterceptorModules] of [
  [WORKFLOW_BUNDLE_PATH, []],
  [TRACED_WORKFLOW_BUNDLE_PATH, [TRACING_WORKFLOW_INTERCEPTORS]],
] as const) {
  const { code } = await bundleWorkflowCode({
    workflowsPath: WORKFLOWS_ENTRY,
    workflowInterceptorModules: [...workflowInterceptorModules],
    logger: quietLogger(),
  });
  await writeFile(path, code);
  console.log(`[build] workflow bundle: ${path} (${(code.length / 1024).toFixed(0)} KiB)`);
}

function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };
}
