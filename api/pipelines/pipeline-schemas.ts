// Request bodies of the pipelines: they check each body, type it and generate its OpenAPI
// description; the workflow input types are checked against them at compile time below.
import { z } from 'zod';
import {
  ANALYZERS,
  CONSENSUS_DEFAULTS,
  DECISION_DEFAULTS,
  LIMITS,
  PERSPECTIVES_MAX_DOCUMENTS,
  AGENTS_DEFAULTS,
  ANSWER_FORMATS,
  COLLECTION_NAME,
  BATCH_PIPELINE_ACTIVITIES,
  BATCH_PIPELINE_DEFAULTS,
  REASONING_DEFAULTS,
  RESEARCH_DEFAULTS,
  RESEARCH_INDEX_DEFAULTS,
  RETRIEVERS,
  LIVE_MODES,
  BATCH_RECORD_FIELD,
} from '../../workflows/contracts/index.js';
import { checkLlmParams, modelName, samplingShape } from '../../activities/llm/llm-input-schemas.js';
import { dataPathString, itemTemplate } from '../common/input-rules.js';
import type {
  ConsensusPipelineInput,
  DecisionPipelineInput,
  PerspectivesPipelineInput,
  AgentsPipelineInput,
  BatchPipelineInput,
  ReasoningPipelineInput,
  ResearchIndexInput,
  ResearchPipelineInput,
} from '../../workflows/contracts/index.js';

const model = modelName;
const liveStream = z
  .enum(LIVE_MODES)
  .optional()
  .describe(
    'Live events at GET /workflows/{id}/events: "events" (default) the steps of every branch; "tokens" also the text of every model call as it is generated',
  );
const text = (max: number) => z.string().trim().min(1).max(max);

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
  })
  .describe('One question, several models: answers in parallel, compared by meaning, optionally judged');

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
  })
  .describe('A decision matrix: strategies × options scored in parallel, weighed by perspectives');

const analyzers = z
  .array(z.enum(ANALYZERS))
  .min(1)
  .max(ANALYZERS.length)
  .refine((a) => new Set(a).size === a.length, 'analyzers must not repeat')
  .optional()
  .describe(`Default: ${ANALYZERS.join(', ')}`);
const perspectivesCommon = {
  stream: liveStream,
  analyzers,
  model: model.optional().describe('Default: the first configured model'),
};

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
    ...perspectivesCommon,
  })
  .refine((b) => (b.text === undefined) !== (b.source === undefined), {
    message: 'needs exactly one of "text" and "source"',
  })
  .describe('Multi-perspective analysis of one text or of every document of a file');

export const PERSPECTIVES_EXAMPLE = {
  text: 'Apple opened a new office in Berlin, and Tim Cook said the city was a wonderful place to build a team.',
  analyzers: ['sentiment', 'entities', 'summary', 'keywords'],
};

export const CONSENSUS_EXAMPLE = {
  question: 'In one sentence: why is the sky blue?',
  samplesPerModel: 1,
  maxTokens: 48,
  judge: { model: 'gemma3-270m', criteria: 'scientifically correct and clear' },
};

export const DECISION_EXAMPLE = {
  problem: 'Our team of five must choose where to run a new internal web service.',
  options: ['a managed cloud platform', 'our own servers', 'a single rented virtual machine'],
  strategies: ['cost-benefit', 'risk assessment'],
  perspectives: ['short-term', 'long-term'],
};

const collection = z
  .string()
  .regex(COLLECTION_NAME, 'a folder name under DATA_DIR/collections')
  .describe(
    `A folder under DATA_DIR/collections of Markdown, text or JSONL files (default "${RESEARCH_DEFAULTS.collection}", the installed packages' README files)`,
  );

export const researchBodySchema = z
  .strictObject({
    question: text(2_000),
    collection: collection.optional(),
    model: model
      .optional()
      .describe('Expands the question, analyses, checks and writes (default: the first configured model)'),
    embedModel: model
      .optional()
      .describe('Embeds the collection and the question (default: the first configured model)'),
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

export const researchIndexBodySchema = z
  .strictObject({
    collection,
    model: model.optional().describe('The embedding model (default: the first configured model)'),
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

export const RESEARCH_EXAMPLE = {
  question: 'How do I cancel an activity that is running, and how does it notice?',
  collection: RESEARCH_DEFAULTS.collection,
  maxSources: 4,
};

export const RESEARCH_INDEX_EXAMPLE = { collection: RESEARCH_DEFAULTS.collection };

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

export const REASONING_EXAMPLE = {
  question: 'A shop sells pens at 3 for 2 euros. How many euros do 12 pens cost?',
  chains: 5,
  answerFormat: 'number',
};

export const batchBodySchema = z
  .strictObject({
    input: z.strictObject({
      path: dataPathString('The input file: one record a line'),
      format: z.enum(['jsonl', 'lines']).describe('jsonl: one JSON object a line; lines: one text a line'),
    }),
    output: z.strictObject({
      path: dataPathString('The JSONL output file (replaced when the run completes)'),
    }),
    activity: z.enum(BATCH_PIPELINE_ACTIVITIES),
    params: z
      .looseObject({ model, ...samplingShape })
      .describe(
        'The rest of the activity input, e.g. { model, labels } for llm.classify or { model, schema } for llm.json; the record goes in "prompt" (generate, json) or "text" (classify, embed)',
      ),
    promptField: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_.]{0,99}$/, 'a field name (a.b for nested fields)')
      .optional()
      .describe(
        'jsonl: the field of each record that is the prompt or text (default: the whole record as JSON)',
      ),
    template: itemTemplate(8_000)
      .optional()
      .describe('Instead of promptField: a template with {{$item}}, {{$item.field}} and {{$index}}'),
    batchSize: z
      .int()
      .min(1)
      .max(1_000)
      .optional()
      .describe(`Records per batch, each batch one part file (default ${BATCH_PIPELINE_DEFAULTS.batchSize})`),
    maxConcurrency: z
      .int()
      .min(1)
      .max(64)
      .optional()
      .describe(`Batches at once (default ${BATCH_PIPELINE_DEFAULTS.maxConcurrency})`),
    onItemFailure: z
      .enum(['fail', 'skip'])
      .optional()
      .describe('skip (default): a failed record gets { index, error } in the output; fail: the run fails'),
    maxFailures: z.int().min(0).optional().describe('More failed records fail the run'),
  })
  .refine((b) => !(b.promptField && b.template), {
    message: 'give promptField or template, not both',
    path: ['template'],
  })
  .refine((b) => !b.promptField || b.input.format === 'jsonl', {
    message: 'promptField needs input.format "jsonl"',
    path: ['promptField'],
  })
  // Every field the model call receives, typed by the activity's own input schema.
  .superRefine((b, ctx) =>
    checkLlmParams(b.activity, b.params, [BATCH_RECORD_FIELD[b.activity]], ctx, ['params']),
  )
  .describe(
    'Batch inference: every record of a file through a model, outputs to a JSONL file in input order',
  );

export const BATCH_EXAMPLE = {
  input: { path: 'reviews.txt', format: 'lines' },
  output: { path: 'reviews.sentiment.jsonl' },
  activity: 'llm.classify',
  params: { model: 'smollm2-135m', labels: ['positive', 'negative', 'neutral'] },
};

export const agentsBodySchema = z
  .strictObject({
    goal: text(4_000),
    agents: z
      .array(
        z.strictObject({
          name: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, 'a lower-case name'),
          role: text(300),
          model: model.optional().describe("Default: the pipeline's model"),
        }),
      )
      .min(1)
      .max(8)
      .refine((a) => new Set(a.map((x) => x.name)).size === a.length, 'agent names must not repeat')
      .optional()
      .describe(
        `Default: ${AGENTS_DEFAULTS.agents.map((a) => a.name).join(', ')}. An agent named "critic" reviews the answer once`,
      ),
    maxSubtasks: z
      .int()
      .min(1)
      .max(12)
      .optional()
      .describe(`Subtasks the planner may make (default ${AGENTS_DEFAULTS.maxSubtasks})`),
    context: text(8_000).optional().describe('Background every agent sees'),
    model: model
      .optional()
      .describe('Plans, integrates and (by default) works (default: the first configured model)'),
    maxTokens: z
      .int()
      .min(16)
      .max(2_048)
      .optional()
      .describe(`Tokens of each subtask's answer (default ${AGENTS_DEFAULTS.maxTokens})`),
    approvePlan: z
      .boolean()
      .optional()
      .describe(
        'The plan waits for a person (gate "plan": POST /workflows/{id}/approvals/plan), who may approve, reject or send an edited plan as edits',
      ),
    stream: liveStream,
  })
  .describe(
    'Multi-agent task distribution: a planned DAG of subtasks for agents with roles, integrated and reviewed',
  );

export const AGENTS_EXAMPLE = {
  goal: 'Write a one-paragraph guide to choosing between SQLite and PostgreSQL for a small web service.',
  maxSubtasks: 4,
};

// The bodies, defaults filled in, are the workflow inputs (a compile-time check).
type Accepts<Body, Input> = Body extends Input ? true : never;
const _bodiesAreInputs: [
  Accepts<z.infer<typeof consensusBodySchema> & { models: string[] }, ConsensusPipelineInput>,
  Accepts<z.infer<typeof decisionBodySchema> & { model: string }, DecisionPipelineInput>,
  Accepts<z.infer<typeof perspectivesBodySchema> & { model: string }, PerspectivesPipelineInput>,
  Accepts<z.infer<typeof researchBodySchema> & { model: string; embedModel: string }, ResearchPipelineInput>,
  Accepts<z.infer<typeof researchIndexBodySchema> & { model: string }, ResearchIndexInput>,
  Accepts<z.infer<typeof reasoningBodySchema> & { models: string[] }, ReasoningPipelineInput>,
  Accepts<z.infer<typeof batchBodySchema>, BatchPipelineInput>,
  Accepts<z.infer<typeof agentsBodySchema> & { model: string }, AgentsPipelineInput>,
] = [true, true, true, true, true, true, true, true];
