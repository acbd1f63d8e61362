// Prebuilds the workflow bundle production workers load (`npm run build` runs this), so a
// worker starts in milliseconds instead of running webpack at start-up.
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';
import { WORKFLOW_BUNDLE_PATH, WORKFLOWS_ENTRY } from '../workers/workflow-bundle.js';

const { code } = await bundleWorkflowCode({ workflowsPath: WORKFLOWS_ENTRY, logger: quietLogger() });
await writeFile(WORKFLOW_BUNDLE_PATH, code);
console.log(`[build] workflow bundle: ${WORKFLOW_BUNDLE_PATH} (${(code.length / 1024).toFixed(0)} KiB)`);

function quietLogger() {
  const noop = () => undefined;
  return { trace: noop, debug: noop, info: noop, warn: console.warn, error: console.error, log: noop };
}
