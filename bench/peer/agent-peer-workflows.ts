// The agent benchmark's peer: the same activities the agent loop schedules (a model turn on the
// model's queue, then a tool call on the tools queue), called step after step from a plain SDK
// workflow with nothing else — no grammar, prompt, history of steps, live events or approvals.
import { proxyActivities } from '@temporalio/workflow';

interface PlainStepsInput {
  llmQueue: string;
  toolsQueue: string;
  model: string;
  steps: number;
}

export async function plainAgentSteps(input: PlainStepsInput): Promise<number> {
  const { 'llm.json': turn } = proxyActivities<{ 'llm.json': (i: unknown) => Promise<unknown> }>({
    taskQueue: input.llmQueue,
    startToCloseTimeout: '1 minute',
  });
  const { 'tools.call': call } = proxyActivities<{ 'tools.call': (i: unknown) => Promise<unknown> }>({
    taskQueue: input.toolsQueue,
    startToCloseTimeout: '1 minute',
  });
  for (let step = 1; step <= input.steps; step++) {
    await turn({ model: input.model, prompt: `Step ${step}`, schema: { type: 'object' } });
    await call({ tool: 'math.evaluate', arguments: { expression: `${step} + 1` } });
  }
  await turn({ model: input.model, prompt: 'answer', schema: { type: 'object' } });
  return input.steps;
}

interface ReplayCall {
  type: string;
  queue: string;
  input: unknown;
  timeoutMs: number;
}

/** The activities an agent run scheduled, with the same inputs and queues, one after another. */
export async function plainReplay(input: { calls: ReplayCall[] }): Promise<number> {
  for (const c of input.calls) {
    const acts = proxyActivities<Record<string, (i: unknown) => Promise<unknown>>>({
      taskQueue: c.queue,
      startToCloseTimeout: c.timeoutMs,
    });
    await acts[c.type]!(c.input);
  }
  return input.calls.length;
}
