// POST /pipelines/batch: every record of a file mapped through a model, the outputs written to a
// JSONL file in input order. Records and outputs never pass through workflow history.
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { usageSchema } from '../../contracts/usage-schema.js';
import { locateOutputFile } from '../../../config/data-file.js';
import { checkLlmParams, samplingShape } from '../../../activities/llm/llm-input-schemas.js';
import { dataPathString, itemTemplate } from '../../contracts/input-rules.js';
import { dataFilePath } from '../../../api/common/data-file.js';
import { definePipeline } from '../pipeline-descriptor.js';
import { model, servedModels } from '../pipeline-fields.js';
import { batchPipelineWorkflow } from './batch-pipeline-workflow.js';
import { BATCH_PIPELINE_ACTIVITIES, BATCH_PIPELINE_DEFAULTS, BATCH_RECORD_FIELD } from './batch-contract.js';

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

export type BatchPipelineInput = z.infer<typeof batchBodySchema>;

export const batchResultSchema = z.object({
  output: z.string().describe('The output file, relative to DATA_DIR'),
  items: z.int(),
  succeeded: z.int(),
  failed: z.int(),
  failures: z.array(z.object({ index: z.int(), error: z.string() })),
  resumedBatches: z
    .int()
    .describe('Batches found already written by an earlier run of the same request (not redone)'),
  seconds: z.number(),
  itemsPerSecond: z.number(),
  tokensPerSecond: z.number(),
  usage: usageSchema,
});
export type BatchPipelineResult = z.infer<typeof batchResultSchema>;

export const batchPipeline = definePipeline({
  route: 'batch',
  workflow: batchPipelineWorkflow,
  idPrefix: 'pipeline-batch',
  summary: 'Batch inference: every record of a file through a model, outputs to a JSONL file in input order',
  description:
    'Each output line is { index, output } or { index, error }, one per input line, in order; no record passes through workflow history. Batches write part files; the output file appears complete at the end, in one rename. The same request run again resumes from the parts already written.',
  body: batchBodySchema,
  output: batchResultSchema,
  example: {
    input: { path: 'reviews.txt', format: 'lines' },
    output: { path: 'reviews.sentiment.jsonl' },
    activity: 'llm.classify',
    params: { model: 'smollm2-135m', labels: ['positive', 'negative', 'neutral'] },
  },
  stages: ['map', 'write'],
  // The batch scenarios of `npm run bench` time it over files of many records.
  benchmark: false,
  resolve(body, deployment): BatchPipelineInput {
    const { dataDir } = deployment.config;
    servedModels(
      deployment,
      [['body.params.model', body.params.model]],
      body.activity === 'llm.embed' ? ['body.params.model'] : [],
    );
    const input = dataFilePath(dataDir, body.input.path, 'body.input.path');
    const output = locateOutputFile(dataDir, body.output.path);
    if (!output.ok) throw new BadRequestException([`body.output.path: ${output.problem}`]);
    if (output.path === input)
      throw new BadRequestException(['body.output.path: must not be the input file']);
    return body;
  },
});
