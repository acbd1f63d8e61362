import { ApplicationFailure } from '@temporalio/workflow';
import { CONSENSUS_DEFAULTS } from '../../contracts/index.js';
import type {
  ConsensusAnswer,
  ConsensusPipelineInput,
  ConsensusPipelineResult,
} from '../../contracts/index.js';
import { runActivity } from '../../lib/activity-runner.js';
import { awaitApproval } from '../../lib/approvals.js';
import { liveRun } from '../../lib/live.js';
import { outlierIndices } from '../../lib/outliers.js';
import { runUsage } from '../../lib/usage-tracker.js';
import { scatterGather } from '../../lib/scatter-gather.js';
import { StageProgress } from '../../lib/stage-progress.js';
import { ERROR_TYPES } from '../../contracts/error-types.js';
import { useRunCache } from '../../lib/run-cache.js';

/**
 * One question, several models: every model (× samples) answers in parallel on its own queue;
 * the answers are compared by meaning (llm.consensus: the medoid and the agreement score) and,
 * when asked, ranked by a judge. Failed or late answers are reported; at least `minSuccesses`
 * must arrive.
 */
export function consensusPipelineWorkflow(input: ConsensusPipelineInput): Promise<ConsensusPipelineResult> {
  useRunCache(input.cache);
  return liveRun(input.stream, () => consensus(input));
}

async function consensus(input: ConsensusPipelineInput): Promise<ConsensusPipelineResult> {
  const samples = input.samplesPerModel ?? CONSENSUS_DEFAULTS.samplesPerModel;
  const minSuccesses = input.minSuccesses ?? CONSENSUS_DEFAULTS.minSuccesses;
  const progress = new StageProgress();
  const asks = input.models.flatMap((model) =>
    Array.from({ length: samples }, (_, seed) => ({ model, seed })),
  );

  progress.stage('generate', asks.length);
  const outcomes = await scatterGather(
    asks.map(({ model, seed }) => ({
      id: `${model}#${seed}`,
      run: () =>
        runActivity('llm.generate', {
          model,
          prompt: input.question,
          ...(input.system ? { system: input.system } : {}),
          maxTokens: input.maxTokens ?? CONSENSUS_DEFAULTS.maxTokens,
          seed,
          // One sample per model answers greedily; several differ by sampling with their seeds.
          temperature: samples > 1 ? 0.7 : 0,
        }),
    })),
    { mode: 'all', timeoutMs: input.timeoutMs ?? CONSENSUS_DEFAULTS.timeoutMs },
    { onProgress: progress.track },
  );
  const answers: ConsensusAnswer[] = outcomes.map((o, i) => ({
    ...asks[i]!,
    text: o.output?.text ?? null,
    latencyMs: o.durationMs,
    status: o.status,
    ...(o.error ? { error: o.error } : {}),
  }));
  const good = answers.filter(
    (a): a is ConsensusAnswer & { text: string } => a.status === 'succeeded' && a.text !== null,
  );
  if (good.length < minSuccesses) {
    throw ApplicationFailure.nonRetryable(
      `${good.length} of ${answers.length} answers arrived, fewer than minSuccesses (${minSuccesses})`,
      ERROR_TYPES.NotEnoughAnswers,
      { answers, usage: runUsage() },
    );
  }

  progress.stage('compare', 1);
  const texts = good.map((a) => a.text);
  const compared =
    good.length > 1
      ? await runActivity('llm.consensus', { model: good[0]!.model, texts })
      : { bestIndex: 0, score: 1, similarity: [[1]] };
  const { means, outliers } = outlierIndices(compared.similarity);
  let bestIndex = compared.bestIndex;
  let why = `closest in meaning to the other answers (mean similarity ${(means[bestIndex] ?? 1).toFixed(3)})`;
  if (good.length === 1) why = 'the only answer that arrived';

  if (input.judge && 'human' in input.judge && good.length > 1) {
    progress.stage('judge', 1);
    const picked = await humanJudge(input.question, good, bestIndex, input.judge.timeoutMs);
    bestIndex = picked.bestIndex;
    why = picked.why ?? why;
  } else if (input.judge && 'model' in input.judge && good.length > 1) {
    progress.stage('judge', 1);
    const verdict = await runActivity('llm.judge', {
      model: input.judge.model,
      candidates: texts,
      criteria: input.judge.criteria,
    });
    bestIndex = verdict.bestIndex;
    why = `judged best by ${input.judge.model}: ${verdict.reason}`;
  }
  progress.stage('done');
  const best = good[bestIndex]!;
  return {
    best: { model: best.model, seed: best.seed, text: best.text, why },
    consensusScore: compared.score,
    answers,
    outliers: outliers.map((i) => ({
      model: good[i]!.model,
      seed: good[i]!.seed,
      meanSimilarity: means[i]!,
    })),
    usage: runUsage(),
  };
}

/**
 * A person picks the best answer (gate "judge"): approving with edits `{ bestIndex }` picks one,
 * approving without keeps the one closest in meaning (as does a timeout), rejecting fails the run.
 */
async function humanJudge(
  question: string,
  answers: ReadonlyArray<ConsensusAnswer & { text: string }>,
  closest: number,
  timeoutMs: number | undefined,
): Promise<{ bestIndex: number; why?: string }> {
  const decision = await awaitApproval(
    {
      id: 'judge',
      title: `Pick the best answer to: ${question.slice(0, 200)}`,
      details: {
        question,
        closestInMeaning: closest,
        answers: answers.map((a, index) => ({ index, model: a.model, seed: a.seed, text: a.text })),
      },
      ...(timeoutMs !== undefined ? { timeoutMs, onTimeout: 'approve' as const } : {}),
    },
    (edits) => {
      const i = (edits as { bestIndex?: unknown } | null)?.bestIndex;
      return Number.isInteger(i) && (i as number) >= 0 && (i as number) < answers.length
        ? []
        : [`edits must be { "bestIndex": 0..${answers.length - 1} }`];
    },
  );
  if (!decision.approved)
    throw ApplicationFailure.nonRetryable(
      `every answer was rejected by ${decision.by}${decision.comment ? `: ${decision.comment}` : ''}`,
      ERROR_TYPES.AnswersRejected,
      { answers, usage: runUsage() },
    );
  const picked = (decision.edits as { bestIndex?: number } | undefined)?.bestIndex;
  if (picked === undefined) return { bestIndex: closest };
  return {
    bestIndex: picked,
    why: `picked by ${decision.by}${decision.comment ? `: ${decision.comment}` : ''}`,
  };
}
