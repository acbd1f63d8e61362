import { ApplicationFailure } from '@temporalio/workflow';
import { DECISION_DEFAULTS } from '../../contracts/index.js';
import type {
  DecisionEvaluation,
  DecisionPipelineInput,
  DecisionPipelineResult,
  PerspectiveRanking,
} from '../../contracts/index.js';
import { runActivity } from '../../lib/activity-runner.js';
import { scatterGather } from '../../lib/scatter-gather.js';
import { StageProgress } from '../../lib/stage-progress.js';
import { roundTo } from '../../lib/format.js';
import { runUsage } from '../../lib/usage-tracker.js';
import { meanRanking, normalise, rankOptions } from '../../lib/weighted-ranking.js';
import type { Scored } from '../../lib/weighted-ranking.js';
import { liveRun } from '../../lib/live.js';
import { ERROR_TYPES } from '../../contracts/error-types.js';
import { useRunCache } from '../../lib/run-cache.js';

/** Score first; the rationale bounded so the JSON always closes within maxTokens. */
function scoreSchema(maxTokens: number) {
  return {
    type: 'object',
    properties: {
      score: { enum: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] },
      // About 2 characters a token leaves room for the JSON around it.
      rationale: { type: 'string', maxLength: Math.max(8, Math.min(400, (maxTokens - 24) * 2)) },
    },
  };
}

function weightsSchema(strategies: readonly string[]) {
  return {
    type: 'object',
    properties: Object.fromEntries(strategies.map((s) => [s, { enum: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10] }])),
  };
}

/**
 * A decision matrix: every strategy × option is scored in parallel (constrained JSON, 0–10 with a
 * rationale); every perspective weighs the strategies in parallel; the workflow combines the
 * numbers (weighted means, then their mean over perspectives) and a model explains the winner.
 * Failed evaluations and perspectives are reported and left out of the arithmetic.
 */
export function decisionPipelineWorkflow(input: DecisionPipelineInput): Promise<DecisionPipelineResult> {
  useRunCache(input.cache);
  return liveRun(input.stream, () => decisionPipelineSteps(input));
}

async function decisionPipelineSteps(input: DecisionPipelineInput): Promise<DecisionPipelineResult> {
  const strategies = input.strategies ?? [...DECISION_DEFAULTS.strategies];
  const perspectives = input.perspectives ?? [...DECISION_DEFAULTS.perspectives];
  const maxTokens = input.maxTokens ?? DECISION_DEFAULTS.maxTokens;
  const { model, problem, options } = input;
  const progress = new StageProgress();

  progress.stage('evaluate', strategies.length * options.length);
  const cells = strategies.flatMap((strategy) => options.map((option) => ({ strategy, option })));
  const evaluated = await scatterGather(
    cells.map(({ strategy, option }) => ({
      run: () =>
        runActivity('llm.json', {
          model,
          // Shared part first (problem, then criterion): the scores of one problem reuse its prefix.
          system: 'You evaluate options for a decision by one criterion.',
          prompt: `Problem: ${problem}\nCriterion: ${strategy}\nOption: ${option}\nScore this option from 0 (worst) to 10 (best) by ${strategy}, with a one-sentence rationale.`,
          schema: scoreSchema(maxTokens),
          maxTokens,
        }),
    })),
    { mode: 'all' },
    { onProgress: progress.track, pathPrefix: 'evaluate' },
  );
  const matrix: DecisionEvaluation[] = evaluated.map((o, i) => {
    const data = o.output?.data as { score?: number; rationale?: string } | undefined;
    return {
      ...cells[i]!,
      status: o.status,
      ...(data ? { score: data.score, rationale: data.rationale } : {}),
      ...(o.error ? { error: o.error } : {}),
    };
  });
  const scores = matrix.filter(
    (m): m is DecisionEvaluation & { score: number } => typeof m.score === 'number',
  ) as Scored[];
  if (scores.length === 0) {
    throw ApplicationFailure.nonRetryable('no evaluation succeeded', ERROR_TYPES.NoEvaluations, {
      matrix,
      usage: runUsage(),
    });
  }

  progress.stage('weigh', perspectives.length);
  const weighed = await scatterGather(
    perspectives.map((perspective) => ({
      run: () =>
        runActivity('llm.json', {
          model,
          system: 'You weigh decision criteria from a perspective.',
          prompt: `Problem: ${problem}\nCriteria: ${strategies.join(', ')}.\nFrom a ${perspective} perspective, how much does each criterion matter, from 0 (not at all) to 10 (most)?`,
          schema: weightsSchema(strategies),
          maxTokens,
        }),
    })),
    { mode: 'all' },
    { onProgress: progress.track, pathPrefix: 'weigh' },
  );
  const rankings: PerspectiveRanking[] = weighed.map((o, i) => {
    const perspective = perspectives[i]!;
    if (o.status !== 'succeeded')
      return { perspective, status: o.status, ...(o.error ? { error: o.error } : {}) };
    const weights = normalise(o.output.data as Record<string, number>, strategies);
    return { perspective, status: o.status, weights, ranking: rankOptions(options, scores, weights) };
  });
  const usable = rankings.flatMap((r) => (r.ranking ? [r.ranking] : []));
  // With no perspective left, the strategies count equally.
  const ranking =
    usable.length > 0
      ? meanRanking(options, usable)
      : rankOptions(options, scores, normalise({}, strategies));
  const [first, second] = ranking;

  progress.stage('explain', 1);
  const table = ranking.map((r) => `${r.option}: ${r.score}`).join('; ');
  const explained = await runActivity('llm.generate', {
    model,
    prompt: `Problem: ${problem}\nWeighted scores (0-10): ${table}.\nIn two sentences, explain why "${first!.option}" is recommended.`,
    maxTokens,
  });
  progress.stage('done');
  return {
    matrix,
    perspectives: rankings,
    ranking,
    recommendation: first!.option,
    margin: roundTo(first!.score - (second?.score ?? 0), 3),
    rationale: explained.text.trim(),
    usage: runUsage(),
  };
}
