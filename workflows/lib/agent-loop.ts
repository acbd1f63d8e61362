// An agent as a durable loop: each turn the model answers or asks for tool calls (a grammar
// holds it to the allowed tools' argument shapes), the calls of a turn run in parallel as
// activities on the tools queue, their results go back into the next turn's prompt. Every turn
// and every call is a step in history, so a worker killed mid-loop resumes at the next step and
// a call that completed is never made again. Calls to tools with side effects can wait for a
// person (approval gates) who sees the exact call, may edit its arguments, or refuse it.
import { ApplicationFailure, isCancellation, proxyActivities } from '@temporalio/workflow';
import type { ApprovalDecision } from '../contracts/approvals.js';
import { ERROR_TYPES } from '../contracts/error-types.js';
import { TOOL_ACTIVITIES, toolsTaskQueue } from '../contracts/tools.js';
import type {
  ToolApproval,
  ToolCallInput,
  ToolCallOutput,
  ToolListInput,
  ToolListOutput,
  ToolSpec,
} from '../contracts/tools.js';
import type { AgentStep, AgentToolCall } from '../agent/agent-contract.js';
import { AGENT_DEFAULTS } from '../agent/agent-contract.js';
import { runActivity } from './activity-runner.js';
import { canonicalJson } from './aggregate.js';
import { agentPrompt, agentSystem, turnSchema } from './agent-prompt.js';
import { awaitApproval } from './approvals.js';
import { runBounded } from './concurrency.js';
import { liveBranch, publishLive } from './live.js';
import { taskQueuePrefix } from './routing.js';
import { applicationFailureOf, failureMessage, runChild } from './run-task.js';
import { PATTERN_WORKFLOW_TYPES } from '../contracts/workflow-types.js';
import { MAX_TOOL_RESULT_CHARS } from '../contracts/tools.js';
import { patternOfToolCall, RUN_PATTERN_TOOL } from '../contracts/run-pattern-tool.js';
import type { MapReduceResult, ScatterGatherResult } from '../contracts/patterns/index.js';

export interface AgentLoopOptions {
  goal: string;
  model: string;
  /** The tools' specs (from `listTools`). */
  tools: readonly ToolSpec[];
  system?: string;
  maxSteps?: number;
  maxParallelCalls?: number;
  /** Prompt + completion tokens of all turns; past it the next turn must answer. */
  tokenBudget?: number;
  /** Tokens per turn. */
  maxTokens?: number;
  /** "required" (default when there are tools): the first turn must call a tool; "auto": it may answer. */
  toolChoice?: 'required' | 'auto';
  /** Per tool, an approval stricter than its own. */
  approval?: Record<string, ToolApproval>;
  /** A gate not decided by then refuses the call (default: waits as long as it takes). */
  approvalTimeoutMs?: number;
  cache?: 'use' | 'skip';
  /** Where a continued loop takes up (steps and tokens so far, tools approved for first use). */
  resume?: { steps: AgentStep[]; approvedTools: string[]; tokens: number };
  /** Called after each step; true stops the loop there (to continue as new), with `stoppedBy` "paused". */
  pauseAfter?: (state: AgentLoopState) => boolean;
}

export interface AgentLoopState {
  steps: AgentStep[];
  approvedTools: string[];
  tokens: number;
}

export interface AgentLoopResult extends AgentLoopState {
  answer: string | null;
  stoppedBy: 'answer' | 'maxSteps' | 'tokenBudget' | 'paused';
}

type TurnData = { answer: string } | { calls: Array<{ tool: string; arguments: Record<string, unknown> }> };

const STRICTNESS: Record<ToolApproval, number> = { never: 0, 'first-use': 1, always: 2 };

function toolActivities(tool: ToolSpec) {
  // A call that changes something is made once unless the tool says twice is harmless.
  const once = tool.sideEffects && !tool.idempotent;
  return proxyActivities<{ 'tools.call': (input: ToolCallInput) => Promise<ToolCallOutput> }>({
    taskQueue: toolsTaskQueue(taskQueuePrefix()),
    startToCloseTimeout: tool.timeoutMs,
    retry: {
      maximumAttempts: once ? 1 : 3,
      initialInterval: 500,
      maximumInterval: 5_000,
      nonRetryableErrorTypes: [ERROR_TYPES.UnknownTool],
    },
  });
}

/** The specs of the named tools, from the tools queue (an unknown name fails, naming the known ones). */
export async function listTools(names?: string[]): Promise<ToolSpec[]> {
  const { [TOOL_ACTIVITIES.list]: list } = proxyActivities<{
    'tools.list': (input: ToolListInput) => Promise<ToolListOutput>;
  }>({
    taskQueue: toolsTaskQueue(taskQueuePrefix()),
    startToCloseTimeout: 60_000,
    retry: { maximumAttempts: 3, initialInterval: 1_000, nonRetryableErrorTypes: [ERROR_TYPES.UnknownTool] },
  });
  try {
    return (await list(names ? { names } : {})).tools;
  } catch (err) {
    // The run fails with the activity's own words ("unknown tool ...; known: ..."), not a wrapper.
    const cause = applicationFailureOf(err);
    if (cause?.type === ERROR_TYPES.UnknownTool)
      throw ApplicationFailure.nonRetryable(cause.message, ERROR_TYPES.UnknownTool);
    throw err;
  }
}

/** Runs the loop until an answer, `maxSteps`, the token budget or a pause. */
export async function agentLoop(options: AgentLoopOptions): Promise<AgentLoopResult> {
  const maxSteps = options.maxSteps ?? AGENT_DEFAULTS.maxSteps;
  const maxCalls = options.maxParallelCalls ?? AGENT_DEFAULTS.maxParallelCalls;
  const budget = options.tokenBudget ?? AGENT_DEFAULTS.tokenBudget;
  const byName = new Map(options.tools.map((t) => [t.name, t]));
  const system = agentSystem(options.system, options.tools);
  const state: AgentLoopState = {
    steps: [...(options.resume?.steps ?? [])],
    approvedTools: [...(options.resume?.approvedTools ?? [])],
    tokens: options.resume?.tokens ?? 0,
  };
  for (;;) {
    const step = state.steps.length + 1;
    const overBudget = state.tokens >= budget;
    const final = step >= maxSteps || overBudget;
    const ask = (answerOnly: boolean, keep: number) =>
      runActivity(
        'llm.json',
        {
          model: options.model,
          system,
          prompt: agentPrompt(options.goal, state.steps, keep, answerOnly),
          schema: turnSchema(answerOnly ? [] : options.tools, maxCalls, AGENT_DEFAULTS.answerChars, {
            // A small model asked a sum answers from memory, wrongly: with tools, it starts by using one.
            mustCall: (options.toolChoice ?? 'required') === 'required' && !state.steps.some((s) => s.calls),
          }),
          maxTokens: options.maxTokens ?? AGENT_DEFAULTS.maxTokens,
          temperature: 0,
          ...(options.cache ? { cache: options.cache } : {}),
        },
        { livePath: `steps/${step}/turn` },
      );
    let turn: Awaited<ReturnType<typeof ask>>;
    try {
      turn = await ask(final, AGENT_DEFAULTS.promptSteps);
    } catch (err) {
      // A conversation past the model's context, or calls past the turn's tokens: the turn is
      // asked once more for the answer alone, from the last steps only.
      if (!turnTooLong(err)) throw err;
      turn = await ask(true, 2);
    }
    const tokens = turn.promptTokens + turn.completionTokens;
    state.tokens += tokens;
    const data = turn.data as TurnData;
    if ('answer' in data) {
      state.steps.push({ step, answer: data.answer, tokens });
      publishLive({ type: 'agent.turn', path: `steps/${step}`, step, answer: data.answer });
      const stoppedBy = !final
        ? 'answer'
        : overBudget
          ? 'tokenBudget'
          : step >= maxSteps
            ? 'maxSteps'
            : 'answer';
      return { ...state, answer: data.answer, stoppedBy };
    }
    const asked = data.calls.map((c, i) => ({
      id: `${step}.${i + 1}`,
      tool: c.tool,
      arguments: c.arguments,
    }));
    publishLive({ type: 'agent.turn', path: `steps/${step}`, step, calls: asked });
    const calls: AgentToolCall[] = new Array<AgentToolCall>(asked.length);
    // A call without side effects that was already answered (this turn or before) is not made again.
    const answered = answeredCalls(state.steps, byName);
    await runBounded(asked.length, maxCalls, async (i) => {
      const call = asked[i]!;
      const key = callKey(call);
      const earlier = byName.get(call.tool)?.sideEffects === false ? answered.get(key) : undefined;
      if (earlier) {
        calls[i] = { ...(await earlier), id: call.id, reused: true, ms: 0 };
      } else {
        const made = liveBranch(`steps/${step}/calls/${call.id}`, () =>
          callTool(call, byName.get(call.tool), state, options),
        );
        if (byName.get(call.tool)?.sideEffects === false) answered.set(key, made);
        calls[i] = await made;
      }
      publishLive({
        type: 'tool.result',
        path: `steps/${step}/calls/${call.id}`,
        tool: call.tool,
        status: calls[i].status,
        result: calls[i].result.slice(0, 500),
      });
    });
    state.steps.push({ step, calls, tokens });
    if (options.pauseAfter?.(state)) return { ...state, answer: null, stoppedBy: 'paused' };
  }
}

/** `run.pattern`: the child run its arguments describe, its answers as the result. */
async function runPatternCall(
  id: string,
  args: Record<string, unknown>,
  options: AgentLoopOptions,
): Promise<AgentToolCall> {
  const base = { id, tool: RUN_PATTERN_TOOL.name, arguments: args };
  const made = patternOfToolCall(args, options.model, options.maxTokens ?? AGENT_DEFAULTS.maxTokens);
  if ('problem' in made) return { ...base, status: 'error', result: made.problem, ms: 0 };
  const started = Date.now();
  try {
    const out = await runChild<MapReduceResult | ScatterGatherResult>(
      PATTERN_WORKFLOW_TYPES[made.kind],
      `call-${id}`,
      [made.spec],
      `steps/${id.split('.')[0]}/calls/${id}`,
    );
    const texts =
      'tasks' in out
        ? (out.aggregate as unknown[] | undefined)
        : (out.result as Array<{ text?: string } | null>).map((o) => o?.text ?? null);
    const result = JSON.stringify(texts ?? []);
    return {
      ...base,
      status: 'ok',
      result: result.slice(0, MAX_TOOL_RESULT_CHARS),
      ms: Date.now() - started,
    };
  } catch (err) {
    if (isCancellation(err)) throw err;
    return {
      ...base,
      status: 'error',
      result: `the run failed: ${failureMessage(err)}`,
      ms: Date.now() - started,
    };
  }
}

/** A turn refused for its length (prompt past the context, or output past maxTokens). */
function turnTooLong(err: unknown): boolean {
  const type = applicationFailureOf(err)?.type;
  return type === ERROR_TYPES.PromptTooLong || type === ERROR_TYPES.OutputTruncated;
}

function callKey(call: { tool: string; arguments: unknown }): string {
  return `${call.tool} ${canonicalJson(call.arguments)}`;
}

/** The successful calls of side-effect-free tools so far, by tool and arguments. */
function answeredCalls(steps: readonly AgentStep[], tools: ReadonlyMap<string, ToolSpec>) {
  const out = new Map<string, Promise<AgentToolCall>>();
  for (const step of steps)
    for (const call of step.calls ?? [])
      if (call.status === 'ok' && tools.get(call.tool)?.sideEffects === false)
        out.set(callKey(call), Promise.resolve(call));
  return out;
}

/** One call: through its approval gate when its policy asks, then on the tools queue. */
async function callTool(
  call: { id: string; tool: string; arguments: Record<string, unknown> },
  spec: ToolSpec | undefined,
  state: AgentLoopState,
  options: AgentLoopOptions,
): Promise<AgentToolCall> {
  const base = { id: call.id, tool: call.tool, arguments: call.arguments };
  // The grammar admits only the listed tools; a tool missing here is a bug, not the model's fault.
  if (!spec)
    throw ApplicationFailure.nonRetryable(`tool "${call.tool}" is not allowed`, ERROR_TYPES.UnknownTool);
  const asked = options.approval?.[spec.name];
  const policy = asked && STRICTNESS[asked] > STRICTNESS[spec.approval] ? asked : spec.approval;
  let args = call.arguments;
  let decision: ApprovalDecision | undefined;
  if (policy === 'always' || (policy === 'first-use' && !state.approvedTools.includes(spec.name))) {
    decision = await awaitApproval(
      {
        id: `call-${call.id.replace('.', '-')}`,
        title: `Run ${spec.name}${spec.sideEffects ? ' (changes something)' : ''}?`,
        details: { tool: spec.name, arguments: call.arguments },
        ...(options.approvalTimeoutMs !== undefined
          ? { timeoutMs: options.approvalTimeoutMs, onTimeout: 'reject' as const }
          : {}),
      },
      (edits) =>
        typeof edits === 'object' && edits !== null && !Array.isArray(edits)
          ? []
          : ['edits are the arguments to use: a JSON object'],
    );
    if (!decision.approved) {
      const why = decision.comment ? `: ${decision.comment}` : '';
      return { ...base, status: 'refused', result: `refused by ${decision.by}${why}`, ms: 0 };
    }
    if (decision.edits !== undefined) args = decision.edits as Record<string, unknown>;
    if (policy === 'first-use') state.approvedTools.push(spec.name);
  }
  const approved = decision
    ? { approvedBy: decision.by, ...(args !== call.arguments ? { edited: true } : {}) }
    : {};
  if (spec.source === RUN_PATTERN_TOOL.source)
    return { ...(await runPatternCall(call.id, args, options)), ...approved };
  try {
    const out = await toolActivities(spec)['tools.call']({ tool: spec.name, arguments: args });
    return {
      ...base,
      arguments: args,
      status: out.ok ? 'ok' : 'error',
      result: out.result,
      ms: out.ms,
      ...approved,
    };
  } catch (err) {
    if (isCancellation(err)) throw err;
    // The call could not be made (its server down past the retries): the model hears why.
    return {
      ...base,
      arguments: args,
      status: 'error',
      result: `the call failed: ${failureMessage(err)}`,
      ms: 0,
      ...approved,
    };
  }
}
