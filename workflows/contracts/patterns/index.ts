export * from './specs.js';
export * from './limits.js';
export * from './issues.js';
export * from './markers.js';
export * from './graph.js';
export * from './validate.js';
