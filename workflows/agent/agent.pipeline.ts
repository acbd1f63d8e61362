// POST /agents/run: one agent with tools, as a durable loop (see agent-workflow.ts). The body,
// the result and the defaults in one descriptor, like a pipeline's; its route is under /agents.
import { z } from 'zod';
import { TOOL_APPROVALS, TOOL_NAME } from '../contracts/tools.js';
import { usageSchema } from '../contracts/usage-schema.js';
import { definePipeline } from '../pipelines/pipeline-descriptor.js';
import { cacheMode, liveStream, model, modelOrDefault, text } from '../pipelines/pipeline-fields.js';
import { agentWorkflow } from './agent-workflow.js';
import { AGENT_DEFAULTS, AGENT_LIMITS } from './agent-contract.js';

const toolName = z.string().regex(TOOL_NAME, 'a tool name: <namespace>.<tool>, e.g. "math.evaluate"');

export const agentRunBodySchema = z
  .strictObject({
    goal: text(AGENT_LIMITS.goalChars).describe('What the agent is to achieve, in words'),
    tools: z
      .array(toolName)
      .max(AGENT_LIMITS.tools)
      .refine((names) => new Set(names).size === names.length, 'names each tool once')
      .describe('The tools it may call (GET /tools lists them); [] for none'),
    model: model.optional().describe('Default: the first configured model'),
    system: text(AGENT_LIMITS.systemChars).optional().describe('Replaces the default instructions'),
    toolChoice: z
      .enum(['required', 'auto'])
      .optional()
      .describe(
        'required (default with tools): the first turn calls a tool, the model does not answer from memory; auto: it may answer at once',
      ),
    maxSteps: z
      .int()
      .min(1)
      .max(AGENT_LIMITS.maxSteps)
      .optional()
      .describe(`Model turns at most (default ${AGENT_DEFAULTS.maxSteps}); the last must answer`),
    maxParallelCalls: z
      .int()
      .min(1)
      .max(AGENT_LIMITS.parallelCalls)
      .optional()
      .describe(
        `Tool calls one turn may ask for, run in parallel (default ${AGENT_DEFAULTS.maxParallelCalls})`,
      ),
    tokenBudget: z
      .int()
      .min(256)
      .max(AGENT_LIMITS.tokenBudget)
      .optional()
      .describe(
        `Prompt and completion tokens of all turns (default ${AGENT_DEFAULTS.tokenBudget}); past it the next turn must answer`,
      ),
    approval: z
      .record(toolName, z.enum(TOOL_APPROVALS))
      .optional()
      .describe('Per tool, approval stricter than its own ("always" / "first-use"); a looser one is ignored'),
    approvalTimeoutMs: z
      .int()
      .min(1_000)
      .max(7 * 24 * 3_600_000)
      .optional()
      .describe('A gate not decided by then refuses the call'),
    maxTokens: z
      .int()
      .min(32)
      .max(2_048)
      .optional()
      .describe(`Tokens per model turn (default ${AGENT_DEFAULTS.maxTokens})`),
    stream: liveStream,
    cache: cacheMode,
  })
  .describe('One agent with tools: it calls tools (several at once) until it can answer');

/** What the workflow takes: the body with its defaults filled in (and, when continued, what it carries). */
export type AgentRunInput = z.infer<typeof agentRunBodySchema> & {
  model: string;
  /** Set by the loop itself when it continues as new. */
  carried?: AgentCarry;
  /** Steps one run takes before it continues as new (default AGENT_DEFAULTS.stepsPerRun). */
  stepsPerRun?: number;
};

const toolCallSchema = z.object({
  id: z.string().describe('"<step>.<n>": the n-th call of that step'),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()),
  status: z
    .enum(['ok', 'error', 'refused'])
    .describe('error: the tool answered with an error (given to the model)'),
  result: z.string().describe('What the model was given, cut to 4 000 characters'),
  approvedBy: z.string().optional().describe('Who let a gated call run'),
  edited: z.boolean().optional().describe('The approver changed the arguments'),
  reused: z
    .boolean()
    .optional()
    .describe('The same call (a tool without side effects) was answered before: its result, not made again'),
  ms: z.number(),
});
export type AgentToolCall = z.infer<typeof toolCallSchema>;

const stepSchema = z.object({
  step: z.int(),
  answer: z.string().optional(),
  calls: z.array(toolCallSchema).optional(),
  tokens: z.int().describe('Prompt and completion tokens of the turn'),
});
export type AgentStep = z.infer<typeof stepSchema>;

export const agentRunResultSchema = z.object({
  answer: z.string().nullable(),
  stoppedBy: z
    .enum(['answer', 'maxSteps', 'tokenBudget'])
    .describe('maxSteps / tokenBudget: the last turn was made to answer'),
  steps: z.array(stepSchema),
  toolCalls: z.int(),
  usage: usageSchema,
});
export type AgentRunResult = z.infer<typeof agentRunResultSchema>;

/** What a run hands to the run it continues as. */
export interface AgentCarry {
  steps: AgentStep[];
  approvedTools: string[];
  tokens: number;
  usage: z.infer<typeof usageSchema>;
  live?: unknown;
}

export const agentRun = definePipeline({
  route: 'run',
  workflow: agentWorkflow,
  idPrefix: 'agent',
  summary: 'Run one agent with tools: a durable loop of model turns and (parallel) tool calls',
  description:
    'Every model turn and tool call is a step in the run history: a worker killed mid-loop resumes at the next step and no tool call runs twice. Tools with side effects wait for POST /workflows/{id}/approvals/{gate} (gate "call-<step>-<n>"). Live: GET /workflows/{id}/events.',
  body: agentRunBodySchema,
  output: agentRunResultSchema,
  example: { goal: 'What is 1234 * 5678 + 91? Use the calculator.', tools: ['math.evaluate'] },
  stages: ['tools', 'loop', 'done'],
  resolve: (body, deployment): AgentRunInput => ({
    ...body,
    model: modelOrDefault(deployment, 'body.model', body.model),
  }),
  benchmark: false,
});
