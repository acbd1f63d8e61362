export * from './results.js';
export * from './limits.js';
export * from './json-shape.js';
export * from './markers.js';
export * from './graph.js';
export * from './spec-path.js';
export * from './spec-walk.js';
export * from './execution-invariants.js';
// The specs' types only: the schema itself (zod) is for the API and the client, never a workflow.
export type * from './spec-schema.js';
