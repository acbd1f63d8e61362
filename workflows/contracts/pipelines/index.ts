export * from './consensus.js';
export * from './decision.js';
export * from './progress.js';
export * from './perspectives.js';
export * from './research.js';
export * from './reasoning.js';
export * from './batch.js';
export * from './agents.js';
