// The one module of shared contracts: imported by workflows/ (relatively), activities/, workers/
// and api/. It must stay deterministic: only @temporalio/workflow and type-only imports.
export * from './task-queues.js';
export * from './search-attributes.js';
export * from './progress.js';
export * from './echo.js';
export * from './workflow-types.js';
export * from './activity-registry.js';
export * from './util-activities.js';
export * from './llm.js';
export * from './usage.js';
export * from './patterns/index.js';
export * from './pipelines/index.js';
export * from './internal-activities.js';
export * from './live.js';
export * from './approvals.js';
export * from './error-types.js';
export * from './tools.js';
export * from './run-pattern-tool.js';
