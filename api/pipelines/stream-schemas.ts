// Bodies of the stream endpoints: they check each body, type it and generate its OpenAPI
// description; the workflow input type is checked against them at compile time below.
import { z } from 'zod';
import {
  BATCH_RECORD_FIELD,
  STREAM_ANALYZERS,
  STREAM_DEFAULTS,
  STREAM_LIMITS,
  STREAM_NAME,
} from '../../workflows/contracts/index.js';
import type { StreamEventsInput, StreamPipelineInput } from '../../workflows/contracts/index.js';
import { checkLlmParams, modelName, samplingShape } from '../../activities/llm/llm-input-schemas.js';
import { itemTemplate } from '../../workflows/contracts/input-rules.js';

const model = modelName;

export const streamNameSchema = z
  .string()
  .regex(
    STREAM_NAME,
    'lower-case letters, digits, ".", "_" and "-", at most 63, starting with a letter or digit',
  );

export const streamBodySchema = z
  .strictObject({
    name: streamNameSchema.describe('The stream: its events go to POST /pipelines/streams/{name}/events'),
    analyzer: z
      .strictObject({
        activity: z.enum(STREAM_ANALYZERS),
        params: z
          .looseObject({ model: model.optional(), ...samplingShape })
          .optional()
          .describe(
            'The rest of the activity input: { model, labels } for llm.classify, { model, schema } for llm.json, { model, maxTokens, system } for llm.generate; none for text.wordCount',
          ),
        field: z
          .string()
          .regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'a field name')
          .optional()
          .describe(`The event field the analyzer reads (default "${STREAM_DEFAULTS.field}")`),
        template: itemTemplate(8_000)
          .optional()
          .describe(
            'Instead of field: a template over the whole event, e.g. "{{$item.title}}: {{$item.body}}"',
          ),
      })
      .refine((a) => !(a.field && a.template), {
        message: 'give field or template, not both',
        path: ['template'],
      })
      .refine((a) => a.activity === 'text.wordCount' || typeof a.params?.model === 'string', {
        message: `${'an llm.* analyzer'} needs params.model`,
        path: ['params', 'model'],
      })
      .refine((a) => a.activity !== 'text.wordCount' || a.params === undefined, {
        message: 'text.wordCount takes no params',
        path: ['params'],
      })
      // Every field the model call receives, typed by the activity's own input schema.
      .superRefine((a, ctx) => {
        if (a.activity !== 'text.wordCount' && a.params !== undefined)
          checkLlmParams(a.activity, a.params, [BATCH_RECORD_FIELD[a.activity]], ctx, ['params']);
      }),
    window: z
      .strictObject({
        maxItems: z
          .int()
          .min(1)
          .max(500)
          .optional()
          .describe(`Events per micro-batch (default ${STREAM_DEFAULTS.window.maxItems})`),
        maxWaitMs: z
          .int()
          .min(10)
          .max(3_600_000)
          .optional()
          .describe(
            `How long a batch's first event waits for more (default ${STREAM_DEFAULTS.window.maxWaitMs})`,
          ),
      })
      .optional(),
    maxBuffered: z
      .int()
      .min(1)
      .max(STREAM_LIMITS.maxBuffered)
      .optional()
      .describe(
        `Accepted events not yet analysed; deliveries beyond it get 429 with Retry-After (default ${STREAM_DEFAULTS.maxBuffered})`,
      ),
    maxConcurrency: z
      .int()
      .min(1)
      .max(32)
      .optional()
      .describe(`Micro-batches analysed at once (default ${STREAM_DEFAULTS.maxConcurrency})`),
    retention: z
      .strictObject({
        windows: z
          .int()
          .min(1)
          .max(STREAM_LIMITS.windows)
          .optional()
          .describe(`Windows in the rolling aggregates (default ${STREAM_DEFAULTS.retention.windows})`),
        latest: z
          .int()
          .min(0)
          .max(STREAM_LIMITS.latest)
          .optional()
          .describe(`Latest outputs kept (default ${STREAM_DEFAULTS.retention.latest})`),
        dedupIds: z
          .int()
          .min(1)
          .max(STREAM_LIMITS.dedupIds)
          .optional()
          .describe(
            `Recent event ids remembered to drop duplicates (default ${STREAM_DEFAULTS.retention.dedupIds})`,
          ),
      })
      .optional(),
  })
  .refine(
    (b) =>
      (b.window?.maxItems ?? STREAM_DEFAULTS.window.maxItems) <=
      (b.maxBuffered ?? STREAM_DEFAULTS.maxBuffered),
    {
      message: 'window.maxItems must not exceed maxBuffered',
      path: ['window', 'maxItems'],
    },
  )
  .describe('A long-running stream: events in by POST, analysed in micro-batches, rolling aggregates out');

const eventSchema = z
  .looseObject({
    id: z
      .string()
      .min(1)
      .max(STREAM_LIMITS.idChars)
      .describe('Unique within the stream: a repeated id is not processed twice'),
  })
  .refine((e) => JSON.stringify(e).length <= STREAM_LIMITS.eventBytes, {
    message: `an event is at most ${STREAM_LIMITS.eventBytes} bytes of JSON`,
  });

export const streamEventsBodySchema = z
  .strictObject({
    events: z
      .array(eventSchema)
      .min(1)
      .max(STREAM_DEFAULTS.maxEventsPerRequest)
      .describe(`At most ${STREAM_DEFAULTS.maxEventsPerRequest} events, each { id, …fields }`),
  })
  .refine((b) => JSON.stringify(b.events).length <= 1_000_000, {
    message: 'at most 1 MB of events per request',
    path: ['events'],
  });

export const STREAM_EXAMPLE = {
  name: 'reviews',
  analyzer: {
    activity: 'llm.classify',
    params: { model: 'smollm2-135m', labels: ['positive', 'negative', 'neutral'] },
    field: 'text',
  },
  window: { maxItems: 16, maxWaitMs: 1000 },
};

export const STREAM_EVENTS_EXAMPLE = {
  events: [
    { id: 'r-1', text: 'Arrived quickly and works perfectly.' },
    { id: 'r-2', text: 'The battery died after two days.' },
  ],
};

export const streamEventsAckSchema = z.object({
  accepted: z.int(),
  duplicates: z.int(),
  firstSeq: z.int().optional(),
  lastSeq: z.int().optional(),
  buffered: z.int(),
});

// The bodies are the workflow's inputs (a compile-time check).
type Accepts<Body, Input> = Body extends Input ? true : never;
const _bodiesAreInputs: [
  Accepts<z.infer<typeof streamBodySchema>, StreamPipelineInput>,
  Accepts<z.infer<typeof streamEventsBodySchema>, StreamEventsInput>,
] = [true, true];
