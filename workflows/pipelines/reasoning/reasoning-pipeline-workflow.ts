import { ApplicationFailure } from '@temporalio/workflow';
import { REASONING_DEFAULTS } from '../../contracts/index.js';
import type {
  AnswerFormat,
  ReasoningChain,
  ReasoningPipelineInput,
  ReasoningPipelineResult,
} from '../../contracts/index.js';
import { runActivity } from '../../lib/activity-runner.js';
import { failureMessage } from '../../lib/run-task.js';
import { scatterGather } from '../../lib/scatter-gather.js';
import { StageProgress } from '../../lib/stage-progress.js';
import { runUsage } from '../../lib/usage-tracker.js';
import { normalizeAnswer, tally } from './reasoning-answers.js';
import { roundTo } from '../../lib/format.js';
import { liveRun } from '../../lib/live.js';
import { ERROR_TYPES } from '../../contracts/error-types.js';
import { useRunCache } from '../../lib/run-cache.js';

/** The chain's final answer, read from its reasoning under a grammar that admits only that format. */
async function extractAnswer(
  format: AnswerFormat,
  model: string,
  question: string,
  reasoning: string,
  labels: readonly string[],
): Promise<number | string> {
  const text = `Question: ${question}\nReasoning: ${reasoning}`;
  if (format === 'label') {
    const { label } = await runActivity('llm.classify', {
      model,
      text,
      labels: [...labels],
      instructions: `Which of these is the final answer this reasoning reaches: ${labels.join(', ')}?`,
    });
    return label;
  }
  const { data } = await runActivity('llm.json', {
    model,
    prompt: `${text}\n\n${format === 'number' ? 'What number is the final answer of this reasoning?' : 'State the final answer of this reasoning in one short sentence.'}`,
    schema: {
      type: 'object',
      properties: { answer: format === 'number' ? { type: 'number' } : { type: 'string', maxLength: 200 } },
    },
    maxTokens: format === 'number' ? 24 : 80,
  });
  return (data as { answer: number | string }).answer;
}

/**
 * Parallel reasoning chains. Each chain reasons on its own (its approach, model and seed), then
 * its final answer is extracted under a grammar; the answers are compared — a self-consistency
 * vote over normalised numbers or labels, `llm.consensus` for free text — and a model explains
 * the winning answer from the clearest supporting chain (picked by `llm.judge`).
 */
export function reasoningPipelineWorkflow(input: ReasoningPipelineInput): Promise<ReasoningPipelineResult> {
  useRunCache(input.cache);
  return liveRun(input.stream, () => reasoningPipelineSteps(input));
}

async function reasoningPipelineSteps(input: ReasoningPipelineInput): Promise<ReasoningPipelineResult> {
  const { question, models } = input;
  const format = input.answerFormat ?? (input.labels ? 'label' : REASONING_DEFAULTS.answerFormat);
  const approaches = input.approaches ?? [...REASONING_DEFAULTS.approaches];
  const count = input.chains ?? REASONING_DEFAULTS.chains;
  const minSuccesses = input.minSuccesses ?? REASONING_DEFAULTS.minSuccesses;
  const policy = { mode: 'all' as const, ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}) };
  const failures: string[] = [];
  const progress = new StageProgress();

  const plan = Array.from({ length: count }, (_, index) => ({
    index,
    approach: approaches[index % approaches.length]!,
    model: models[index % models.length]!,
    seed: index + 1,
  }));
  progress.stage('reason', plan.length);
  const outcomes = await scatterGather(
    plan.map((c) => ({
      id: `chain-${c.index}`,
      run: async () => {
        const { text } = await runActivity('llm.generate', {
          model: c.model,
          prompt: `Question: ${question}\n\nReason ${c.approach}. Keep it short, and end with a line "Final answer: ...".`,
          maxTokens: input.maxTokens ?? REASONING_DEFAULTS.maxTokens,
          seed: c.seed,
          temperature: 0.7,
        });
        const reasoning = text.trim();
        return {
          reasoning,
          answer: await extractAnswer(format, c.model, question, reasoning, input.labels ?? []),
        };
      },
    })),
    policy,
    { onProgress: progress.track, pathPrefix: 'chains' },
  );
  const chains: ReasoningChain[] = outcomes.map((o, i) => ({
    ...plan[i]!,
    status: o.status,
    ...(o.output
      ? {
          reasoning: o.output.reasoning,
          answer: o.output.answer,
          normalized: normalizeAnswer(format, o.output.answer),
        }
      : {}),
    ...(o.error ? { error: o.error } : {}),
  }));
  for (const c of chains)
    if (c.status !== 'succeeded') failures.push(`chain ${c.index}: ${c.error ?? c.status}`);
  const answered = chains.filter((c) => c.status === 'succeeded');
  if (answered.length < minSuccesses) {
    throw ApplicationFailure.nonRetryable(
      `${answered.length} of ${chains.length} chains reached an answer, fewer than minSuccesses (${minSuccesses})`,
      ERROR_TYPES.NotEnoughAnswers,
      { chains, usage: runUsage() },
    );
  }

  progress.stage('compare', 1);
  let winner: ReasoningChain;
  let supporters: ReasoningChain[];
  let agreement: number;
  let vote: ReasoningPipelineResult['vote'];
  let consensus: ReasoningPipelineResult['consensus'];
  if (format === 'text' && answered.length > 1) {
    const c = await runActivity('llm.consensus', {
      model: models[0]!,
      texts: answered.map((a) => String(a.answer)),
    });
    winner = answered[c.bestIndex]!;
    supporters = [winner];
    agreement = roundTo(c.score, 2);
    consensus = { bestChain: winner.index, score: roundTo(c.score, 2) };
  } else {
    vote = tally(answered.map((a) => ({ chain: a.index, normalized: a.normalized! })));
    supporters = vote[0]!.chains.map((i) => chains[i]!);
    winner = supporters[0]!;
    agreement = roundTo(vote[0]!.count / answered.length, 2);
  }

  progress.stage('explain', 1);
  let best = winner;
  if (supporters.length > 1) {
    try {
      const judged = await runActivity('llm.judge', {
        model: models[0]!,
        candidates: supporters.map((s) => s.reasoning!),
        criteria: `the clearest correct reasoning that reaches the answer "${String(winner.answer)}"`,
      });
      best = supporters[judged.bestIndex]!;
    } catch (err) {
      failures.push(`judge: ${failureMessage(err)}`);
    }
  }
  let synthesis: string | null = null;
  try {
    const { text } = await runActivity('llm.generate', {
      model: best.model,
      prompt: `Question: ${question}\nAnswer: ${String(winner.answer)} (reached by ${supporters.length} of ${answered.length} independent reasoning chains)\nThe clearest reasoning:\n${best.reasoning}\n\nExplain briefly why this is the answer.`,
      maxTokens: 160,
    });
    synthesis = text.trim();
  } catch (err) {
    failures.push(`synthesis: ${failureMessage(err)}`);
  }
  progress.stage('done');
  return {
    question,
    answerFormat: format,
    answer: winner.answer!,
    agreement,
    ...(vote ? { vote } : {}),
    ...(consensus ? { consensus } : {}),
    bestChain: best.index,
    synthesis,
    chains,
    failures,
    usage: runUsage(),
  };
}
