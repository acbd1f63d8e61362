import { makeContinueAsNewFunc, workflowInfo } from '@temporalio/workflow';
import type { LiveCarry } from '../contracts/live.js';
import { agentLoop, listTools } from '../lib/agent-loop.js';
import { liveHandOver, liveRun } from '../lib/live.js';
import { inheritedMemo } from '../lib/routing.js';
import { StageProgress } from '../lib/stage-progress.js';
import { recordUsage, runUsage } from '../lib/usage-tracker.js';
import { AGENT_DEFAULTS } from './agent-contract.js';
import type { AgentRunInput, AgentRunResult } from './agent-contract.js';

/**
 * One agent with tools (POST /agents/run): the tools' specs are fetched once (a step in history),
 * then the loop of model turns and parallel tool calls runs (lib/agent-loop.ts). A long loop
 * continues as new every `stepsPerRun` steps, or sooner when Temporal suggests it, carrying the
 * steps, the tokens spent, the tools approved for first use, its usage and its live stream.
 */
export function agentWorkflow(input: AgentRunInput): Promise<AgentRunResult> {
  const prior = input.carried?.live as LiveCarry | undefined;
  return liveRun(input.stream, () => agent(input), prior ? { prior } : {});
}

async function agent(input: AgentRunInput): Promise<AgentRunResult> {
  const progress = new StageProgress();
  const carried = input.carried;
  if (carried) recordUsage(carried.usage);
  progress.stage('tools', input.tools.length);
  const tools = input.tools.length > 0 ? await listTools(input.tools) : [];
  progress.stage('loop', input.maxSteps ?? AGENT_DEFAULTS.maxSteps);
  const stepsPerRun = input.stepsPerRun ?? AGENT_DEFAULTS.stepsPerRun;
  const firstStep = carried?.steps.length ?? 0;
  const result = await agentLoop({
    goal: input.goal,
    model: input.model,
    tools,
    ...(input.system !== undefined ? { system: input.system } : {}),
    ...(input.maxSteps !== undefined ? { maxSteps: input.maxSteps } : {}),
    ...(input.toolChoice ? { toolChoice: input.toolChoice } : {}),
    ...(input.maxParallelCalls !== undefined ? { maxParallelCalls: input.maxParallelCalls } : {}),
    ...(input.tokenBudget !== undefined ? { tokenBudget: input.tokenBudget } : {}),
    ...(input.maxTokens !== undefined ? { maxTokens: input.maxTokens } : {}),
    ...(input.approval ? { approval: input.approval } : {}),
    ...(input.approvalTimeoutMs !== undefined ? { approvalTimeoutMs: input.approvalTimeoutMs } : {}),
    ...(input.cache ? { cache: input.cache } : {}),
    ...(carried ? { resume: carried } : {}),
    pauseAfter: (state) => {
      progress.count(input.maxSteps ?? AGENT_DEFAULTS.maxSteps, state.steps.length, 0);
      return state.steps.length - firstStep >= stepsPerRun || workflowInfo().continueAsNewSuggested;
    },
  });
  if (result.stoppedBy === 'paused') {
    const live = await liveHandOver();
    const { carried: _previous, ...rest } = input;
    return makeContinueAsNewFunc<typeof agentWorkflow>({ memo: inheritedMemo() })({
      ...rest,
      carried: {
        steps: result.steps,
        approvedTools: result.approvedTools,
        tokens: result.tokens,
        usage: runUsage(),
        ...(live ? { live } : {}),
      },
    });
  }
  progress.stage('done');
  return {
    answer: result.answer,
    stoppedBy: result.stoppedBy,
    steps: result.steps,
    toolCalls: result.steps.reduce((n, s) => n + (s.calls?.length ?? 0), 0),
    usage: runUsage(),
  };
}
