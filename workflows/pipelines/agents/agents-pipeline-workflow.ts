import { ApplicationFailure, isCancellation } from '@temporalio/workflow';
import { AGENTS_DEFAULTS, WORKFLOW_TYPES } from '../../contracts/index.js';
import type {
  ApprovalDecision,
  AgentSpec,
  AgentsPipelineInput,
  AgentsPipelineResult,
  PlannedSubtask,
} from '../../contracts/index.js';
import type { AgentRunInput, AgentRunResult } from '../../agent/agent-contract.js';
import { runActivity } from '../../lib/activity-runner.js';
import { runGraph } from '../../lib/graph.js';
import { failureMessage, runChild } from '../../lib/run-task.js';
import { StageProgress } from '../../lib/stage-progress.js';
import { runUsage } from '../../lib/usage-tracker.js';
import { checkEditedPlan, checkPlan, fallbackPlan, planSchema, planTokens } from './agent-plan.js';
import { awaitApproval } from '../../lib/approvals.js';
import type { RawPlan } from './agent-plan.js';
import { clip } from '../../lib/format.js';
import { liveRun } from '../../lib/live.js';
import { ERROR_TYPES } from '../../contracts/error-types.js';
import { useRunCache } from '../../lib/run-cache.js';

/** Characters of the critic's comments: with one token a character at worst, they fit its tokens. */
const CRITIC_COMMENT_CHARS = 300;

async function askPlanner(
  input: AgentsPipelineInput,
  agents: readonly AgentSpec[],
  max: number,
  refused?: string[],
): Promise<RawPlan> {
  const team = agents.map((a) => `- ${a.name}: ${a.role}`).join('\n');
  const { data } = await runActivity('llm.json', {
    model: input.model,
    prompt: `Goal: ${input.goal}\n${input.context ? `Context: ${input.context}\n` : ''}\nTeam:\n${team}\n\nSplit the goal into at most ${max} subtasks, each for one agent of the team. Number them from 1; a subtask may depend on earlier ones (dependsOn: their numbers).${refused ? `\n\nYour previous plan was refused: ${refused.join('; ')}. Write a corrected plan.` : ''}`,
    schema: planSchema(agents, max),
    maxTokens: planTokens(max),
  });
  return data as RawPlan;
}

/**
 * A plan that can run: the planner's, or its second try with the first one's problems; when
 * neither can run (or the planner fails), the fallback plan, with the reason.
 */
async function makePlan(
  input: AgentsPipelineInput,
  agents: readonly AgentSpec[],
  max: number,
  progress: StageProgress,
): Promise<{ plan: PlannedSubtask[]; replanned?: string[]; fallback?: string }> {
  progress.stage('plan', 1);
  let replanned: string[] | undefined;
  try {
    let checked = checkPlan(await askPlanner(input, agents, max), agents, max);
    if (checked.problems.length === 0) return { plan: checked.plan };
    replanned = checked.problems;
    progress.stage('replan', 1);
    checked = checkPlan(await askPlanner(input, agents, max, checked.problems), agents, max);
    if (checked.problems.length === 0) return { plan: checked.plan, replanned };
    return {
      plan: fallbackPlan(agents, input.goal),
      replanned,
      fallback: `the plan was refused twice: ${checked.problems.join('; ')}`,
    };
  } catch (err) {
    if (isCancellation(err)) throw err;
    return {
      plan: fallbackPlan(agents, input.goal),
      ...(replanned ? { replanned } : {}),
      fallback: `the planner failed: ${failureMessage(err)}`,
    };
  }
}

/** What a subtask's agent is told: the team goal, its subtask, its dependencies' results. */
function subtaskPrompt(
  input: AgentsPipelineInput,
  s: PlannedSubtask,
  plan: readonly PlannedSubtask[],
  outputs: ReadonlyMap<string, unknown>,
): string {
  const inputs = s.dependsOn.map(
    (d) =>
      `Result of ${d} (${plan.find((p) => p.id === d)!.agent}):\n${(outputs.get(d) as { text?: string } | undefined)?.text ?? ''}`,
  );
  return `Team goal: ${input.goal}\n${input.context ? `Context: ${input.context}\n` : ''}\nYour subtask: ${s.task}${inputs.length ? `\n\n${inputs.join('\n\n')}` : ''}`;
}

/**
 * One subtask: a chat in its agent's role, or — for an agent with tools — an agent loop as a
 * child run (its turns and tool calls steps of that run, its tool calls gated like any other).
 */
async function runSubtask(
  input: AgentsPipelineInput,
  agent: AgentSpec,
  s: PlannedSubtask,
  prompt: string,
  path: string,
): Promise<{ text: string; toolCalls?: number }> {
  const system = `You are the ${agent.name} of a team: you ${agent.role}.`;
  const model = agent.model ?? input.model;
  if (agent.tools && agent.tools.length > 0) {
    const run = await runChild<AgentRunResult>(
      WORKFLOW_TYPES.agent,
      s.id,
      [
        {
          goal: prompt,
          tools: agent.tools,
          model,
          system: `${system} Use your tools where they help.`,
          maxSteps: AGENTS_DEFAULTS.toolSteps,
          ...(input.cache ? { cache: input.cache } : {}),
        } satisfies AgentRunInput,
      ],
      path,
    );
    return { text: run.answer ?? '', toolCalls: run.toolCalls };
  }
  const { text } = await runActivity(
    'llm.chat',
    {
      model,
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: prompt },
      ],
      maxTokens: input.maxTokens ?? AGENTS_DEFAULTS.maxTokens,
    },
    { livePath: path },
  );
  return { text };
}

/**
 * Multi-agent task distribution. A planner splits the goal into subtasks for the agents (its
 * grammar admits only dependencies on earlier subtasks; a plan that still cannot run goes back
 * once with its problems, and without a runnable plan each agent does its part in turn); the
 * plan runs as a graph, ready subtasks in parallel, each a chat in its agent's role fed its
 * dependencies' outputs — or, for an agent with tools, an agent loop as a child run. An
 * integrator merges the work (llm.synthesize, in levels past the context); a critic, when the
 * team has one, reviews it once, and the integrator may revise once. A failed subtask is
 * reported and its dependents skipped; a failed review leaves the answer unreviewed.
 */
export function agentsPipelineWorkflow(input: AgentsPipelineInput): Promise<AgentsPipelineResult> {
  useRunCache(input.cache);
  return liveRun(input.stream, () => agentsPipelineSteps(input));
}

async function agentsPipelineSteps(input: AgentsPipelineInput): Promise<AgentsPipelineResult> {
  const agents = input.agents ?? AGENTS_DEFAULTS.agents;
  const max = input.maxSubtasks ?? AGENTS_DEFAULTS.maxSubtasks;
  const progress = new StageProgress();

  const planned = await makePlan(input, agents, max, progress);
  const { replanned, fallback } = planned;
  let plan = planned.plan;
  let planApproval: ApprovalDecision | undefined;
  if (input.approvePlan) {
    // A person sees the plan before anything runs, and may edit it: an edit is checked like the
    // planner's plan (a bad one is refused with its problems, and the gate keeps waiting).
    progress.stage('approve-plan', 1);
    planApproval = await awaitApproval(
      { id: 'plan', title: `Approve the plan for: ${clip(input.goal, 200)}`, details: plan },
      (edits) => checkEditedPlan(edits, agents, max).problems,
    );
    if (!planApproval.approved)
      throw ApplicationFailure.nonRetryable(
        `the plan was rejected by ${planApproval.by}${planApproval.comment ? `: ${planApproval.comment}` : ''}`,
        ERROR_TYPES.PlanRejected,
        { plan, usage: runUsage() },
      );
    if (planApproval.edits !== undefined) plan = checkEditedPlan(planApproval.edits, agents, max).plan;
  }

  progress.stage('work', plan.length);
  const byName = new Map(agents.map((a) => [a.name, a]));
  const nodes = await runGraph(
    plan.map((s) => ({
      id: s.id,
      ...(s.dependsOn.length ? { dependsOn: s.dependsOn } : {}),
      run: (outputs, _outcome, path) =>
        runSubtask(input, byName.get(s.agent)!, s, subtaskPrompt(input, s, plan, outputs), path),
    })),
    {
      onNodeFailure: 'continue',
      onProgress: (nodes) => {
        const all = Object.values(nodes);
        const failed = all.filter((n) => n.status === 'failed' || n.status === 'skipped').length;
        progress.count(all.length, all.filter((n) => n.status === 'succeeded').length + failed, failed);
      },
    },
  );
  const subtasks = plan.map((s) => {
    const n = nodes[s.id]!;
    const out = n.output as { text?: string; toolCalls?: number } | undefined;
    return {
      id: s.id,
      agent: s.agent,
      status: n.status,
      ...(out?.text !== undefined ? { output: out.text.trim() } : {}),
      ...(out?.toolCalls !== undefined ? { toolCalls: out.toolCalls } : {}),
      ...(n.error ? { error: n.error } : {}),
      startedAt: n.startedAt,
      finishedAt: n.finishedAt,
    };
  });
  const results = subtasks.flatMap((s) => (s.output ? [{ ...s, output: s.output }] : []));
  if (results.length === 0) {
    throw ApplicationFailure.nonRetryable(
      `every subtask failed: ${subtasks[0]?.error ?? ''}`,
      ERROR_TYPES.AllSubtasksFailed,
      {
        plan,
        subtasks,
        usage: runUsage(),
      },
    );
  }

  progress.stage('integrate', 1);
  // llm.synthesize merges in levels when the work does not fit the model's context at once
  // (eight subtasks' answers do not fit a 1 024-token context).
  const work = results.map((s) => `${s.id} (${s.agent}): ${clip(s.output, 1_200)}`);
  const integrate = async (critique?: string, draft?: string) =>
    (
      await runActivity('llm.synthesize', {
        model: input.model,
        texts: critique ? [`Draft answer:\n${draft}`, `A critic's review: ${critique}`] : work,
        instruction: critique
          ? `Revise the draft answer to the team goal "${clip(input.goal, 300)}" as the review asks.`
          : `Integrate the team's work into one complete answer to the goal: ${clip(input.goal, 300)}`,
        // Room to merge within the default 1 024-token context (the activity refuses more).
        maxTokens: Math.min(2 * (input.maxTokens ?? AGENTS_DEFAULTS.maxTokens), AGENTS_DEFAULTS.answerTokens),
      })
    ).text.trim();
  let answer = await integrate();
  let critique: AgentsPipelineResult['critique'];
  let critiqueError: string | undefined;
  let revised = false;
  const critic = agents.find((a) => a.name === 'critic');
  if (critic) {
    progress.stage('review', 1);
    try {
      const { data } = await runActivity('llm.json', {
        model: critic.model ?? input.model,
        prompt: `You are the critic of a team: you ${critic.role}.\nTeam goal: ${input.goal}\n\nAnswer to review:\n${answer}\n\nApprove it, or say what must change.`,
        // Bounded so that any review the grammar admits fits its tokens.
        schema: {
          type: 'object',
          properties: {
            approved: { type: 'boolean' },
            comments: { type: 'string', maxLength: CRITIC_COMMENT_CHARS },
          },
          required: ['approved', 'comments'],
        },
        maxTokens: CRITIC_COMMENT_CHARS + 32,
      });
      critique = data as { approved: boolean; comments: string };
    } catch (err) {
      // The review is a second look, not the work: without it the answer stands.
      if (isCancellation(err)) throw err;
      critiqueError = failureMessage(err);
    }
    if (critique && !critique.approved) {
      progress.stage('revise', 1);
      answer = await integrate(critique.comments, answer);
      revised = true;
    }
  }
  progress.stage('done');
  return {
    goal: input.goal,
    plan,
    ...(replanned ? { replanned } : {}),
    ...(fallback ? { planFallback: fallback } : {}),
    ...(planApproval ? { planApproval } : {}),
    subtasks,
    answer,
    ...(critique ? { critique } : {}),
    ...(critiqueError ? { critiqueError } : {}),
    revised,
    usage: runUsage(),
  };
}
