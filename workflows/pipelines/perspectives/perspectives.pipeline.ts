// POST /pipelines/perspectives: one text (or every document of a file) analysed from several
// angles at once.
import { z } from 'zod';
import { usageSchema } from '../../contracts/usage-schema.js';
import { dataPathString } from '../../contracts/input-rules.js';
import { checkCorpus } from '../../../api/pipelines/corpus-file.js';
import { definePipeline } from '../pipeline-descriptor.js';
import { liveStream, model, modelOrDefault, text, cacheMode } from '../pipeline-fields.js';
import { perspectivesPipelineWorkflow } from './perspectives-pipeline-workflow.js';
import { ANALYZERS, PERSPECTIVES_MAX_DOCUMENTS } from './perspectives-contract.js';

const analyzers = z
  .array(z.enum(ANALYZERS))
  .min(1)
  .max(ANALYZERS.length)
  .refine((a) => new Set(a).size === a.length, 'analyzers must not repeat')
  .optional()
  .describe(`Default: ${ANALYZERS.join(', ')}`);

export const perspectivesBodySchema = z
  .strictObject({
    text: text(20_000).optional().describe('One text to analyse (or "source")'),
    source: z
      .strictObject({
        type: z.literal('lines'),
        path: dataPathString('A file under DATA_DIR: one document a line'),
        format: z
          .enum(['text', 'jsonl'])
          .optional()
          .describe('jsonl: each line an object with a "text" field'),
      })
      .optional()
      .describe(`A file of at most ${PERSPECTIVES_MAX_DOCUMENTS} documents (or "text")`),
    stream: liveStream,
    cache: cacheMode,
    analyzers,
    model: model.optional().describe('Default: the first configured model'),
  })
  .refine((b) => (b.text === undefined) !== (b.source === undefined), {
    message: 'needs exactly one of "text" and "source"',
  })
  .describe('Multi-perspective analysis of one text or of every document of a file');

export type PerspectivesPipelineInput = z.infer<typeof perspectivesBodySchema> & { model: string };

const entitiesSchema = z.object({
  people: z.array(z.string()),
  organizations: z.array(z.string()),
  places: z.array(z.string()),
  other: z.array(z.string()),
});
export type Entities = z.infer<typeof entitiesSchema>;

const textAnalysisSchema = z.object({
  sentiment: z.string().optional(),
  entities: entitiesSchema.optional(),
  summary: z.string().optional(),
  keywords: z.array(z.string()).optional(),
});
export type TextAnalysis = z.infer<typeof textAnalysisSchema>;

const corpusReportSchema = z.object({
  documents: z.int(),
  sentiment: z.record(z.string(), z.int()).optional(),
  entities: z.array(z.object({ name: z.string(), kind: entitiesSchema.keyof(), count: z.int() })).optional(),
  keywords: z.array(z.object({ keyword: z.string(), count: z.int() })).optional(),
  summary: z.string().optional(),
});
export type CorpusReport = z.infer<typeof corpusReportSchema>;

export const perspectivesResultSchema = z.object({
  analysis: textAnalysisSchema.optional().describe("For one text: each analyzer's answer"),
  corpus: corpusReportSchema.optional().describe('For a file: the corpus report'),
  analyzers: z.array(z.object({ name: z.enum(ANALYZERS), status: z.string(), error: z.string().optional() })),
  usage: usageSchema,
});
export type PerspectivesPipelineResult = z.infer<typeof perspectivesResultSchema>;

export const perspectivesPipeline = definePipeline({
  route: 'perspectives',
  workflow: perspectivesPipelineWorkflow,
  idPrefix: 'pipeline-perspectives',
  summary:
    'Multi-perspective analysis: sentiment, entities, summary and keywords of a text (or a corpus) at once',
  body: perspectivesBodySchema,
  output: perspectivesResultSchema,
  example: {
    text: 'Apple opened a new office in Berlin, and Tim Cook said the city was a wonderful place to build a team.',
    analyzers: ['sentiment', 'entities', 'summary', 'keywords'],
  },
  stages: ['analyse', 'done'],
  errors: [413],
  resolve(body, deployment): PerspectivesPipelineInput {
    const chosen = modelOrDefault(deployment, 'body.model', body.model);
    if (body.source) checkCorpus(deployment.config.dataDir, body.source.path);
    return { ...body, model: chosen };
  },
});
