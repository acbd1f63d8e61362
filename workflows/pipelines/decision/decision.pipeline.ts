// POST /pipelines/decision: strategies × options scored in parallel, weighed by perspectives.
import { z } from 'zod';
import { usageSchema } from '../../contracts/usage-schema.js';
import { definePipeline } from '../pipeline-descriptor.js';
import { liveStream, model, modelOrDefault, text, cacheMode } from '../pipeline-fields.js';
import { decisionPipelineWorkflow } from './decision-pipeline-workflow.js';
import { DECISION_DEFAULTS } from './decision-contract.js';

export const decisionBodySchema = z
  .strictObject({
    problem: text(8_000),
    options: z.array(text(500)).min(2).max(10),
    strategies: z
      .array(text(200))
      .min(1)
      .max(8)
      .optional()
      .describe(`Default: ${DECISION_DEFAULTS.strategies.join(', ')}`),
    perspectives: z
      .array(text(200))
      .min(1)
      .max(8)
      .optional()
      .describe(`Default: ${DECISION_DEFAULTS.perspectives.join(', ')}`),
    model: model.optional().describe('Default: the first configured model'),
    maxTokens: z.int().min(48).max(4_096).optional().describe(`Default ${DECISION_DEFAULTS.maxTokens}`),
    stream: liveStream,
    cache: cacheMode,
  })
  .describe('A decision matrix: strategies × options scored in parallel, weighed by perspectives');

export type DecisionPipelineInput = z.infer<typeof decisionBodySchema> & { model: string };

const rankingSchema = z.array(z.object({ option: z.string(), score: z.number() }));

const evaluationSchema = z.object({
  strategy: z.string(),
  option: z.string(),
  status: z.string(),
  score: z.number().optional().describe('0–10, from a grammar-constrained answer'),
  rationale: z.string().optional(),
  error: z.string().optional(),
});
export type DecisionEvaluation = z.infer<typeof evaluationSchema>;

const perspectiveRankingSchema = z.object({
  perspective: z.string(),
  status: z.string(),
  weights: z.record(z.string(), z.number()).optional().describe('Normalised to sum to 1 over the strategies'),
  ranking: rankingSchema.optional(),
  error: z.string().optional(),
});
export type PerspectiveRanking = z.infer<typeof perspectiveRankingSchema>;

export const decisionResultSchema = z.object({
  matrix: z.array(evaluationSchema),
  perspectives: z.array(perspectiveRankingSchema),
  ranking: rankingSchema.describe('Mean over the perspectives of their weighted scores, best first'),
  recommendation: z.string(),
  margin: z.number().describe("Score of the first option minus the second's"),
  rationale: z.string(),
  usage: usageSchema,
});
export type DecisionPipelineResult = z.infer<typeof decisionResultSchema>;

export const decisionPipeline = definePipeline({
  route: 'decision',
  workflow: decisionPipelineWorkflow,
  idPrefix: 'pipeline-decision',
  summary: 'Decision matrix: strategies × options scored in parallel, weighed by perspectives, explained',
  body: decisionBodySchema,
  output: decisionResultSchema,
  example: {
    problem: 'Our team of five must choose where to run a new internal web service.',
    options: ['a managed cloud platform', 'our own servers', 'a single rented virtual machine'],
    strategies: ['cost-benefit', 'risk assessment'],
    perspectives: ['short-term', 'long-term'],
  },
  stages: ['evaluate', 'weigh', 'explain', 'done'],
  resolve: (body, deployment): DecisionPipelineInput => ({
    ...body,
    model: modelOrDefault(deployment, 'body.model', body.model),
  }),
});
