// `parallel-ai-temporal/testing`: the whole system in one process, and model queues served from a
// script — for testing workflows of one's own in seconds, without loading a model.
export { startDevServer, startStack } from './stack.js';
export type { Stack, StackOptions } from './stack.js';
export {
  createScriptedLlmActivities,
  instanceOf,
  scriptedDelay,
  scriptedFailure,
} from './scripted-llm-activities.js';
export type { LlmScript, ScriptedCall } from './scripted-llm-activities.js';
