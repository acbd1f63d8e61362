// The agent loop's defaults and bounds; its body and result shapes are in agent.pipeline.ts.
export type {
  AgentCarry,
  AgentRunInput,
  AgentRunResult,
  AgentStep,
  AgentToolCall,
} from './agent.pipeline.js';

export const AGENT_DEFAULTS = {
  maxSteps: 8,
  maxParallelCalls: 4,
  tokenBudget: 24_000,
  maxTokens: 384,
  /** Steps one run takes before it continues as new with the conversation carried. */
  stepsPerRun: 40,
  /** Steps whose calls are shown in full in the prompt; older ones are summarised by a line. */
  promptSteps: 8,
  answerChars: 1_000,
} as const;

export const AGENT_LIMITS = {
  goalChars: 8_000,
  systemChars: 4_000,
  tools: 32,
  maxSteps: 100,
  parallelCalls: 8,
  tokenBudget: 1_000_000,
} as const;
