// POST /pipelines/consensus: one question to several models at once, answers compared and judged.
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { LIMITS } from '../../contracts/index.js';
import { usageSchema } from '../../contracts/usage-schema.js';
import { definePipeline } from '../pipeline-descriptor.js';
import { liveStream, model, servedModels, text, cacheMode } from '../pipeline-fields.js';
import { consensusPipelineWorkflow } from './consensus-pipeline-workflow.js';
import { CONSENSUS_DEFAULTS } from './consensus-contract.js';

export const consensusBodySchema = z
  .strictObject({
    question: text(8_000),
    models: z.array(model).min(1).max(20).optional().describe('Default: every configured model'),
    samplesPerModel: z
      .int()
      .min(1)
      .max(8)
      .optional()
      .describe(`Answers per model, each with its own seed (default ${CONSENSUS_DEFAULTS.samplesPerModel})`),
    system: text(4_000).optional(),
    maxTokens: z.int().min(1).max(4_096).optional().describe(`Default ${CONSENSUS_DEFAULTS.maxTokens}`),
    minSuccesses: z.int().min(1).max(160).optional().describe('Fewer answers fail the run (default 1)'),
    timeoutMs: z
      .int()
      .min(1_000)
      .max(LIMITS.timeoutMs)
      .optional()
      .describe('Answers not in by then count as timed out'),
    judge: z
      .union([
        z.strictObject({ model, criteria: text(2_000) }),
        z.strictObject({
          human: z.literal(true),
          timeoutMs: z
            .int()
            .min(1_000)
            .max(LIMITS.timeoutMs)
            .optional()
            .describe('No decision by then keeps the answer closest in meaning'),
        }),
      ])
      .optional()
      .describe(
        'Also rank the answers: a judge model { model, criteria }, or a person { human: true } (gate "judge": approve with edits { bestIndex })',
      ),
    stream: liveStream,
    cache: cacheMode,
  })
  .describe('One question, several models: answers in parallel, compared by meaning, optionally judged');

export type ConsensusPipelineInput = z.infer<typeof consensusBodySchema> & {
  /** Models asked; every configured model when the body names none. */
  models: string[];
};

const answerSchema = z.object({
  model: z.string(),
  seed: z.int(),
  text: z.string().nullable(),
  latencyMs: z.number().nullable(),
  status: z.string(),
  error: z.string().optional(),
});
export type ConsensusAnswer = z.infer<typeof answerSchema>;

export const consensusResultSchema = z.object({
  best: z.object({ model: z.string(), seed: z.int(), text: z.string(), why: z.string() }),
  consensusScore: z
    .number()
    .describe("Mean pairwise similarity of the answers' embeddings (1 when only one answered)"),
  answers: z.array(answerSchema),
  outliers: z
    .array(z.object({ model: z.string(), seed: z.int(), meanSimilarity: z.number() }))
    .describe('Answers much further from the others than the rest (mean similarity below mean − 1 sd)'),
  usage: usageSchema,
});
export type ConsensusPipelineResult = z.infer<typeof consensusResultSchema>;

export const consensusPipeline = definePipeline({
  route: 'consensus',
  workflow: consensusPipelineWorkflow,
  idPrefix: 'pipeline-consensus',
  summary: 'Multi-model consensus: one question to several models at once, answers compared and judged',
  body: consensusBodySchema,
  output: consensusResultSchema,
  example: {
    question: 'In one sentence: why is the sky blue?',
    samplesPerModel: 1,
    maxTokens: 48,
    judge: { model: 'gemma3-270m', criteria: 'scientifically correct and clear' },
  },
  stages: ['generate', 'compare', 'judge', 'done'],
  resolve(body, deployment): ConsensusPipelineInput {
    const models = body.models ?? deployment.config.llm.models.map((m) => m.name);
    servedModels(deployment, [
      ...models.map((m, i): [string, string] => [`body.models[${i}]`, m]),
      ['body.judge.model', body.judge && 'model' in body.judge ? body.judge.model : undefined],
    ]);
    const samples = body.samplesPerModel ?? 1;
    if (body.minSuccesses !== undefined && body.minSuccesses > models.length * samples) {
      throw new BadRequestException([
        `body.minSuccesses: ${body.minSuccesses} is more than the ${models.length * samples} answers asked for`,
      ]);
    }
    return { ...body, models };
  },
});
