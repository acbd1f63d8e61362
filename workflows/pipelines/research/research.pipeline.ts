// POST /pipelines/research and POST /pipelines/research/index: a question answered from a local
// document collection, and the durable index it searches.
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { LIMITS } from '../../contracts/index.js';
import { usageSchema } from '../../contracts/usage-schema.js';
import { locateCollection } from '../../../config/data-file.js';
import { definePipeline } from '../pipeline-descriptor.js';
import type { Deployment } from '../pipeline-descriptor.js';
import {
  embeddingModelOf,
  firstModel,
  liveStream,
  model,
  servedModels,
  text,
  cacheMode,
} from '../pipeline-fields.js';
import { researchIndexWorkflow } from './research-index-workflow.js';
import { researchPipelineWorkflow } from './research-pipeline-workflow.js';
import {
  COLLECTION_NAME,
  RESEARCH_DEFAULTS,
  RESEARCH_INDEX_DEFAULTS,
  RETRIEVERS,
  SUPPORT_LABELS,
} from './research-contract.js';

const collection = z
  .string()
  .regex(COLLECTION_NAME, 'a folder name under DATA_DIR/collections')
  .describe(
    `A folder under DATA_DIR/collections of Markdown, text or JSONL files (default "${RESEARCH_DEFAULTS.collection}", the installed packages' README files)`,
  );

/** A 400 naming body.collection when it is not a folder of the data folder's collections. */
function checkCollection({ config }: Deployment, name: string): void {
  const found = locateCollection(config.dataDir, name);
  if (!found.ok) throw new BadRequestException([`body.collection: ${found.problem}`]);
}

// --- the index ---

export const researchIndexBodySchema = z
  .strictObject({
    collection,
    model: model
      .optional()
      .describe('The embedding model (default: LLM_EMBEDDING_MODEL, else the first configured model)'),
    chunkChars: z
      .int()
      .min(200)
      .max(8_000)
      .optional()
      .describe(`Characters per chunk (default ${RESEARCH_INDEX_DEFAULTS.chunkChars})`),
    embedTokens: z
      .int()
      .min(8)
      .max(1_024)
      .optional()
      .describe(`Tokens of each chunk embedded (default ${RESEARCH_INDEX_DEFAULTS.embedTokens})`),
  })
  .describe("Builds a collection's research index, or finds it current");

export type ResearchIndexInput = z.infer<typeof researchIndexBodySchema> & {
  /** The model that embeds chunks and queries. */
  model: string;
  /** Chunks per embedding shard (default 32). */
  shardSize?: number;
};

const indexSummarySchema = z.object({
  index: z
    .string()
    .describe('The index key, `<collection>/<model>/<fingerprint>`: what `research.search` reads'),
  status: z
    .enum(['built', 'current'])
    .describe('current: the files had not changed and the stored index was reused'),
  collection: z.string(),
  model: z.string(),
  files: z.int(),
  chunks: z.int(),
  dimensions: z.int(),
  shards: z
    .object({ total: z.int(), reused: z.int() })
    .describe('Embedding shards: all of them, and those found already on disk (a resumed build)'),
});

export const researchIndexResultSchema = indexSummarySchema.extend({ usage: usageSchema });
export type ResearchIndexResult = z.infer<typeof researchIndexResultSchema>;

export const researchIndexPipeline = definePipeline({
  route: 'research/index',
  workflow: researchIndexWorkflow,
  idPrefix: 'research-index',
  summary: "Builds a collection's research index ahead of the first question, or finds it current",
  description:
    'Durable: chunks are embedded by a map-reduce over shards, and a crash or a rerun resumes at the first shard not yet on disk.',
  body: researchIndexBodySchema,
  output: researchIndexResultSchema,
  example: { collection: RESEARCH_DEFAULTS.collection },
  stages: ['scan', 'embed', 'commit', 'done'],
  // bench:pipelines builds it once, timed, before the research runs.
  benchmark: false,
  resolve(body, deployment): ResearchIndexInput {
    const chosen = body.model ?? embeddingModelOf(deployment);
    servedModels(deployment, [['body.model', chosen]], ['body.model']);
    checkCollection(deployment, body.collection);
    return { ...body, model: chosen };
  },
});

// --- the question ---

export const researchBodySchema = z
  .strictObject({
    question: text(2_000),
    collection: collection.optional(),
    model: model
      .optional()
      .describe('Expands the question, analyses, checks and writes (default: the first configured model)'),
    embedModel: model
      .optional()
      .describe(
        'Embeds the collection and the question (default: LLM_EMBEDDING_MODEL, else the first configured model)',
      ),
    retrievers: z
      .array(z.enum(RETRIEVERS))
      .min(1)
      .max(RETRIEVERS.length)
      .refine((a) => new Set(a).size === a.length, 'retrievers must not repeat')
      .optional()
      .describe(
        `Default: all — keywords (BM25), vectors (embedding similarity), expansion (the model rewrites the question into ${RESEARCH_DEFAULTS.expansions} queries, each searched)`,
      ),
    maxSources: z
      .int()
      .min(1)
      .max(8)
      .optional()
      .describe(`Sources analysed after fusion (default ${RESEARCH_DEFAULTS.maxSources})`),
    claimsPerSource: z
      .int()
      .min(1)
      .max(5)
      .optional()
      .describe(`Claims extracted per source (default ${RESEARCH_DEFAULTS.claimsPerSource})`),
    minSuccesses: z
      .int()
      .min(1)
      .max(RETRIEVERS.length)
      .optional()
      .describe('Retrievers that must answer, else the run fails (default 1)'),
    timeoutMs: z
      .int()
      .min(1_000)
      .max(LIMITS.timeoutMs)
      .optional()
      .describe(
        'Per stage: retrievers, source analyses or the synthesis not done by then count as timed out',
      ),
    stream: liveStream,
    cache: cacheMode,
  })
  .refine(
    (b) => b.minSuccesses === undefined || b.minSuccesses <= (b.retrievers?.length ?? RETRIEVERS.length),
    {
      message: 'minSuccesses must not exceed the number of retrievers',
      path: ['minSuccesses'],
    },
  )
  .describe(
    'Research assistant: gather from a local collection with several retrievers, analyse, check, synthesise',
  );

export type ResearchPipelineInput = z.infer<typeof researchBodySchema> & {
  /** Expands, analyses, checks and writes. */
  model: string;
  /** Embeds the collection and the question. */
  embedModel: string;
};

const sourceSchema = z.object({
  path: z.string(),
  title: z.string(),
  score: z.number().describe('Reciprocal rank fusion over the retrievers that found it'),
  retrievers: z.array(z.enum(RETRIEVERS)),
  status: z
    .enum(['analysed', 'failed', 'not analysed'])
    .describe('failed: found, but its analysis failed (error says why)'),
  summary: z.string().optional(),
  error: z.string().optional(),
});
export type ResearchSource = z.infer<typeof sourceSchema>;

const checksSchema = z.object(
  Object.fromEntries(SUPPORT_LABELS.map((l) => [l, z.int()])) as Record<
    (typeof SUPPORT_LABELS)[number],
    z.ZodInt
  >,
);

const findingSchema = z.object({
  claim: z.string(),
  sources: z.array(z.string()).describe('The source it came from first, then the sources that support it'),
  support: z.enum(SUPPORT_LABELS),
  checks: checksSchema,
});
export type ResearchFinding = z.infer<typeof findingSchema>;

export const researchResultSchema = z.object({
  question: z.string(),
  summary: z.string().nullable().describe('Null when no source could be analysed'),
  keyFindings: z.array(findingSchema),
  sources: z.array(sourceSchema),
  confidence: z
    .number()
    .describe(
      '0–1, computed from support, contradiction, retriever agreement and coverage; never asked of a model',
    ),
  confidenceFactors: z.object({
    evidence: z.number(),
    conflict: z.number(),
    agreement: z.number(),
    coverage: z.number(),
  }),
  retrievers: z.array(
    z.object({
      name: z.enum(RETRIEVERS),
      status: z.string(),
      hits: z.int(),
      error: z.string().optional(),
      queries: z.array(z.string()).optional(),
    }),
  ),
  index: indexSummarySchema,
  failures: z
    .array(z.string())
    .describe(
      'What failed along the way (a retriever, a source analysis, claim checks, the synthesis); the report stands without it',
    ),
  usage: usageSchema,
});
export type ResearchPipelineResult = z.infer<typeof researchResultSchema>;

export const researchPipeline = definePipeline({
  route: 'research',
  workflow: researchPipelineWorkflow,
  idPrefix: 'pipeline-research',
  summary:
    'Research assistant: retrievers in parallel over a local collection, sources analysed and cross-checked, a synthesised report',
  description:
    'The first run over a collection builds its index (a research-index child run); later runs reuse it until a file changes.',
  body: researchBodySchema,
  output: researchResultSchema,
  example: {
    question: 'How do I cancel an activity that is running, and how does it notice?',
    collection: RESEARCH_DEFAULTS.collection,
    maxSources: 4,
  },
  stages: ['index', 'gather', 'analyse', 'check', 'synthesise', 'done'],
  resolve(body, deployment): ResearchPipelineInput {
    const chosen = body.model ?? firstModel(deployment);
    const embedModel = body.embedModel ?? embeddingModelOf(deployment);
    servedModels(
      deployment,
      [
        ['body.model', chosen],
        ['body.embedModel', embedModel],
      ],
      ['body.embedModel'],
    );
    checkCollection(deployment, body.collection ?? RESEARCH_DEFAULTS.collection);
    return { ...body, model: chosen, embedModel };
  },
});
