import type { ApprovalDecision } from '../approvals.js';
import type { LiveMode } from '../live.js';
// `POST /pipelines/agents`: a goal split by a planner into subtasks for agents with roles, run as
// a DAG (ready subtasks in parallel), integrated into one answer and reviewed by a critic.
import type { Usage } from '../usage.js';

export interface AgentSpec {
  name: string;
  role: string;
  /** Default: the pipeline's model. */
  model?: string;
}

export const AGENTS_DEFAULTS = {
  agents: [
    { name: 'researcher', role: 'finds the facts, definitions and examples the goal needs' },
    { name: 'analyst', role: 'compares options, weighs trade-offs and draws conclusions' },
    { name: 'writer', role: 'writes clear, well-structured text for the reader' },
    { name: 'critic', role: 'reviews work for errors, gaps and unclear parts' },
  ] as AgentSpec[],
  maxSubtasks: 8,
  maxTokens: 200,
} as const;

export interface AgentsPipelineInput {
  /** Live events: "tokens" also streams the text of every model call as it is generated. */
  stream?: LiveMode;
  goal: string;
  agents?: AgentSpec[];
  maxSubtasks?: number;
  context?: string;
  /** Plans, integrates and reviews; the API fills in the first configured model. */
  model: string;
  /** Tokens of each subtask's answer. */
  maxTokens?: number;
  /** The plan waits for a person (gate "plan"), who may edit it, before any subtask runs. */
  approvePlan?: boolean;
}

export interface PlannedSubtask {
  id: string;
  agent: string;
  task: string;
  dependsOn: string[];
}

export interface AgentsPipelineResult {
  goal: string;
  plan: PlannedSubtask[];
  /** The first plan was refused (the problems) and the planner asked once more. */
  replanned?: string[];
  /** The person's decision on the plan, with approvePlan. */
  planApproval?: ApprovalDecision;
  subtasks: Array<{
    id: string;
    agent: string;
    status: string;
    output?: string;
    error?: string;
    startedAt: string | null;
    finishedAt: string | null;
  }>;
  answer: string;
  critique?: { approved: boolean; comments: string };
  /** The integrator revised its answer once after the critique. */
  revised: boolean;
  usage: Usage;
}
