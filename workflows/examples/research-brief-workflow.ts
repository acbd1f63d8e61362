// The README's "Write your own workflow" example, registered with the workflow worker and run by
// test/integration/user-workflow.test.ts. Outside this repository, import the library as
// `parallel-ai-temporal/workflow` instead of '../lib/index.js'.
import { ApplicationFailure } from '@temporalio/workflow';
import { liveRun, runActivity, runGraph, runUsage, scatterGather } from '../lib/index.js';
import type { LiveMode, Usage } from '../lib/index.js';

export interface ResearchBriefInput {
  topic: string;
  /** Models asked in parallel (each on its own queue). */
  models: string[];
  maxTokens?: number;
  /** "tokens": the models' answers stream as they are written (GET /workflows/{id}/events). */
  stream?: LiveMode;
}

export interface ResearchBriefOutput {
  brief: string;
  /** The model whose answer the judge preferred, and why. */
  best: { model: string; reason: string };
  answered: string[];
  usage: Usage;
}

/**
 * Asks every model about a topic at once (scatter-gather, keeping whatever answers within a
 * minute), then a small graph: a judge picks the best answer while a synthesis merges them all,
 * and a final step writes the brief from both.
 */
export function researchBriefWorkflow(input: ResearchBriefInput): Promise<ResearchBriefOutput> {
  return liveRun(input.stream, () => researchBriefSteps(input));
}

async function researchBriefSteps(input: ResearchBriefInput): Promise<ResearchBriefOutput> {
  const maxTokens = input.maxTokens ?? 64;
  const asked = await scatterGather(
    input.models.map((model) => ({
      id: model,
      // With "stream": "tokens" the call streams into its branch (tasks/<model>): nothing to add.
      run: () =>
        runActivity('llm.generate', {
          model,
          prompt: `Give three key facts about ${input.topic}.`,
          maxTokens,
        }),
    })),
    { mode: 'all', timeoutMs: 60_000 },
  );
  const answers = asked.flatMap((t) => (t.status === 'succeeded' && t.output ? [t.output] : []));
  if (answers.length === 0) {
    // An ApplicationFailure fails the run; a plain Error would fail (and retry) the workflow task.
    throw ApplicationFailure.nonRetryable(`no model answered: ${asked.map((t) => t.error).join('; ')}`);
  }
  const texts = answers.map((a) => a.text);
  const lead = input.models[0]!;

  const nodes = await runGraph([
    {
      id: 'judge',
      run: () =>
        runActivity('llm.judge', { model: lead, candidates: texts, criteria: 'accurate, specific facts' }),
    },
    {
      id: 'merge',
      run: () =>
        runActivity('llm.synthesize', {
          model: lead,
          texts,
          instruction: `Merge these notes on ${input.topic}.`,
          maxTokens,
        }),
    },
    {
      id: 'brief',
      dependsOn: ['judge', 'merge'],
      run: async (outputs) => {
        const merged = outputs.get('merge') as { text: string };
        const r = await runActivity('llm.generate', {
          model: lead,
          prompt: `Write a two-sentence brief on ${input.topic} from these notes:\n${merged.text}`,
          maxTokens,
        });
        return r.text;
      },
    },
  ]);
  const verdict = nodes.judge!.output as { bestIndex: number; reason: string };
  return {
    brief: nodes.brief!.output as string,
    best: { model: answers[verdict.bestIndex]!.model, reason: verdict.reason },
    answered: answers.map((a) => a.model),
    usage: runUsage(),
  };
}
