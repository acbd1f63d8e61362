export * from './consensus.js';
export * from './decision.js';
export * from './progress.js';
export * from './perspectives.js';
