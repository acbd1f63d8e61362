// POST /pipelines/reasoning: one question reasoned through by several independent chains
// (approach, model, seed), their final answers extracted under a grammar and voted on.
import { z } from 'zod';
import { LIMITS } from '../../contracts/index.js';
import { usageSchema } from '../../contracts/usage-schema.js';
import { definePipeline } from '../pipeline-descriptor.js';
import { firstModel, liveStream, model, servedModels, text, cacheMode } from '../pipeline-fields.js';
import { reasoningPipelineWorkflow } from './reasoning-pipeline-workflow.js';
import { ANSWER_FORMATS, REASONING_DEFAULTS } from './reasoning-contract.js';

export const reasoningBodySchema = z
  .strictObject({
    question: text(4_000),
    chains: z
      .int()
      .min(1)
      .max(16)
      .optional()
      .describe(`Independent reasoning chains (default ${REASONING_DEFAULTS.chains})`),
    approaches: z
      .array(text(300))
      .min(1)
      .max(16)
      .optional()
      .describe(`Taken by the chains in turn (default: ${REASONING_DEFAULTS.approaches.join('; ')})`),
    models: z
      .array(model)
      .min(1)
      .max(8)
      .optional()
      .describe('Taken by the chains in turn (default: the first configured model)'),
    answerFormat: z
      .enum(ANSWER_FORMATS)
      .optional()
      .describe(
        'number / label: a self-consistency vote over the extracted answers; text: compared by meaning (llm.consensus). Default: label when labels are given, else text',
      ),
    labels: z
      .array(text(100))
      .min(2)
      .max(20)
      .optional()
      .describe('The answers allowed with answerFormat "label"'),
    maxTokens: z
      .int()
      .min(16)
      .max(4_096)
      .optional()
      .describe(`Tokens of each chain's reasoning (default ${REASONING_DEFAULTS.maxTokens})`),
    minSuccesses: z.int().min(1).max(16).optional().describe('Chains that must reach an answer (default 1)'),
    timeoutMs: z
      .int()
      .min(1_000)
      .max(LIMITS.timeoutMs)
      .optional()
      .describe('Chains not done by then count as timed out'),
    stream: liveStream,
    cache: cacheMode,
  })
  .refine((b) => b.answerFormat !== 'label' || b.labels !== undefined, {
    message: 'answerFormat "label" needs labels',
    path: ['labels'],
  })
  .refine((b) => b.labels === undefined || (b.answerFormat ?? 'label') === 'label', {
    message: 'labels go with answerFormat "label"',
    path: ['labels'],
  })
  .refine((b) => b.minSuccesses === undefined || b.minSuccesses <= (b.chains ?? REASONING_DEFAULTS.chains), {
    message: 'minSuccesses must not exceed the number of chains',
    path: ['minSuccesses'],
  })
  .describe(
    'Parallel reasoning chains: independent approaches, answers extracted and voted on, the winner explained',
  );

export type ReasoningPipelineInput = z.infer<typeof reasoningBodySchema> & {
  /** Chains take the models in turn. */
  models: string[];
};

const chainSchema = z.object({
  index: z.int(),
  approach: z.string(),
  model: z.string(),
  seed: z.int(),
  status: z.string(),
  reasoning: z.string().optional(),
  answer: z
    .union([z.number(), z.string()])
    .optional()
    .describe('As extracted: a number, a label or a short text'),
  normalized: z
    .string()
    .optional()
    .describe(
      'What the vote compares (numbers rounded to 6 significant digits, labels and texts lower-cased)',
    ),
  error: z.string().optional(),
});
export type ReasoningChain = z.infer<typeof chainSchema>;

export const reasoningResultSchema = z.object({
  question: z.string(),
  answerFormat: z.enum(ANSWER_FORMATS),
  answer: z
    .union([z.number(), z.string()])
    .describe('The winning answer (as the first chain that gave it wrote it)'),
  agreement: z
    .number()
    .describe('Supporting chains over chains that answered; for text, the consensus score (mean similarity)'),
  vote: z
    .array(z.object({ answer: z.string(), count: z.int(), chains: z.array(z.int()) }))
    .optional()
    .describe('number / label: the self-consistency vote; text: absent (see consensus)'),
  consensus: z.object({ bestChain: z.int(), score: z.number() }).optional(),
  bestChain: z.int().describe('The supporting chain a judge found clearest (or the only one)'),
  synthesis: z.string().nullable(),
  chains: z.array(chainSchema),
  failures: z.array(z.string()),
  usage: usageSchema,
});
export type ReasoningPipelineResult = z.infer<typeof reasoningResultSchema>;

export const reasoningPipeline = definePipeline({
  route: 'reasoning',
  workflow: reasoningPipelineWorkflow,
  idPrefix: 'pipeline-reasoning',
  summary:
    'Parallel reasoning chains: independent approaches, final answers extracted under a grammar, a self-consistency vote, the winner explained',
  body: reasoningBodySchema,
  output: reasoningResultSchema,
  example: {
    question: 'A shop sells pens at 3 for 2 euros. How many euros do 12 pens cost?',
    chains: 5,
    answerFormat: 'number',
  },
  stages: ['reason', 'compare', 'explain', 'done'],
  resolve(body, deployment): ReasoningPipelineInput {
    const models = body.models ?? [firstModel(deployment)];
    servedModels(
      deployment,
      models.map((m, i): [string, string] => [`body.models[${i}]`, m]),
    );
    return { ...body, models };
  },
});
