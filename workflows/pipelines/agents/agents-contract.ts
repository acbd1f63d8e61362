// `POST /pipelines/agents`: a goal split by a planner into subtasks for agents with roles, run as
// a DAG (ready subtasks in parallel), integrated into one answer and reviewed by a critic.
import type { AgentSpec } from './agents.pipeline.js';
// The shapes come from the descriptor's schemas (agents.pipeline.ts).
export type {
  AgentSpec,
  AgentsPipelineInput,
  AgentsPipelineResult,
  PlannedSubtask,
} from './agents.pipeline.js';

export const AGENTS_DEFAULTS = {
  agents: [
    { name: 'researcher', role: 'finds the facts, definitions and examples the goal needs' },
    { name: 'analyst', role: 'compares options, weighs trade-offs and draws conclusions' },
    { name: 'writer', role: 'writes clear, well-structured text for the reader' },
    { name: 'critic', role: 'reviews work for errors, gaps and unclear parts' },
  ] as AgentSpec[],
  maxSubtasks: 8,
  maxTokens: 200,
  /** Tokens of the integrated answer at most (llm.synthesize needs room to merge in 1 024). */
  answerTokens: 256,
  /** Model turns of a tool-using agent's loop for one subtask. */
  toolSteps: 4,
} as const;
