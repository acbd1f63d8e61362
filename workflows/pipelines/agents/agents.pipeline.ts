// POST /pipelines/agents: a goal split by a planner into subtasks for agents with roles, run as
// a DAG (ready subtasks in parallel), integrated into one answer and reviewed by a critic.
import { z } from 'zod';
import { approvalDecisionSchema } from '../../contracts/approval-schema.js';
import { TOOL_NAME } from '../../contracts/tools.js';
import { usageSchema } from '../../contracts/usage-schema.js';
import { definePipeline } from '../pipeline-descriptor.js';
import { firstModel, liveStream, model, servedModels, text, cacheMode } from '../pipeline-fields.js';
import { agentsPipelineWorkflow } from './agents-pipeline-workflow.js';
import { AGENTS_DEFAULTS } from './agents-contract.js';

const agentSpecSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a lower-case name'),
  role: text(300),
  model: model.optional().describe("Default: the pipeline's model"),
  tools: z
    .array(z.string().regex(TOOL_NAME, 'a tool name: <namespace>.<tool>, e.g. "math.evaluate"'))
    .max(16)
    .optional()
    .describe('Tools the agent may call (GET /tools): its subtasks run as agent loops (child runs)'),
});
export type AgentSpec = z.infer<typeof agentSpecSchema>;

export const agentsBodySchema = z
  .strictObject({
    goal: text(4_000),
    agents: z
      .array(agentSpecSchema)
      .min(1)
      .max(8)
      .refine((a) => new Set(a.map((x) => x.name)).size === a.length, 'agent names must not repeat')
      .optional()
      .describe(
        `Default: ${AGENTS_DEFAULTS.agents.map((a) => a.name).join(', ')}. An agent named "critic" reviews the answer once`,
      ),
    maxSubtasks: z
      .int()
      .min(1)
      .max(12)
      .optional()
      .describe(`Subtasks the planner may make (default ${AGENTS_DEFAULTS.maxSubtasks})`),
    context: text(8_000).optional().describe('Background every agent sees'),
    model: model
      .optional()
      .describe('Plans, integrates and (by default) works (default: the first configured model)'),
    maxTokens: z
      .int()
      .min(16)
      .max(2_048)
      .optional()
      .describe(`Tokens of each subtask's answer (default ${AGENTS_DEFAULTS.maxTokens})`),
    approvePlan: z
      .boolean()
      .optional()
      .describe(
        'The plan waits for a person (gate "plan": POST /workflows/{id}/approvals/plan), who may approve, reject or send an edited plan as edits',
      ),
    stream: liveStream,
    cache: cacheMode,
  })
  .describe(
    'Multi-agent task distribution: a planned DAG of subtasks for agents with roles, integrated and reviewed',
  );

export type AgentsPipelineInput = z.infer<typeof agentsBodySchema> & {
  /** Plans, integrates and reviews. */
  model: string;
};

const plannedSubtaskSchema = z.object({
  id: z.string(),
  agent: z.string(),
  task: z.string(),
  dependsOn: z.array(z.string()),
});
export type PlannedSubtask = z.infer<typeof plannedSubtaskSchema>;

export const agentsResultSchema = z.object({
  goal: z.string(),
  plan: z.array(plannedSubtaskSchema),
  replanned: z
    .array(z.string())
    .optional()
    .describe('The first plan was refused (the problems) and the planner asked once more'),
  planFallback: z
    .string()
    .optional()
    .describe(
      'Why the planner’s plan was not used: each agent then did its part in turn (the fallback plan)',
    ),
  planApproval: approvalDecisionSchema
    .optional()
    .describe("The person's decision on the plan, with approvePlan"),
  subtasks: z.array(
    z.object({
      id: z.string(),
      agent: z.string(),
      status: z.string(),
      output: z.string().optional(),
      toolCalls: z.int().optional().describe('Tool calls of a tool-using agent’s loop'),
      error: z.string().optional(),
      startedAt: z.string().nullable(),
      finishedAt: z.string().nullable(),
    }),
  ),
  answer: z.string(),
  critique: z.object({ approved: z.boolean(), comments: z.string() }).optional(),
  critiqueError: z.string().optional().describe('The critic failed: the answer stands unreviewed'),
  revised: z.boolean().describe('The integrator revised its answer once after the critique'),
  usage: usageSchema,
});
export type AgentsPipelineResult = z.infer<typeof agentsResultSchema>;

export const agentsPipeline = definePipeline({
  route: 'agents',
  workflow: agentsPipelineWorkflow,
  idPrefix: 'pipeline-agents',
  summary:
    'Multi-agent task distribution: a planner splits the goal into subtasks for agents, run as a DAG, integrated and reviewed',
  body: agentsBodySchema,
  output: agentsResultSchema,
  example: {
    goal: 'Write a one-paragraph guide to choosing between SQLite and PostgreSQL for a small web service.',
    maxSubtasks: 4,
  },
  stages: ['plan', 'replan', 'approve-plan', 'work', 'integrate', 'review', 'revise', 'done'],
  resolve(body, deployment): AgentsPipelineInput {
    const chosen = body.model ?? firstModel(deployment);
    servedModels(deployment, [
      ['body.model', chosen],
      ...(body.agents ?? []).map((a, i): [string, string | undefined] => [
        `body.agents[${i}].model`,
        a.model,
      ]),
    ]);
    return { ...body, model: chosen };
  },
  tools: (input) =>
    (input.agents ?? []).map((a, i) => ({ field: `body.agents[${i}].tools`, names: a.tools ?? [] })),
});
