// Response schemas for the OpenAPI document (zod, like the request schemas), and a decorator
// that documents an endpoint's answers, errors included.
import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { z } from 'zod';
import { openApiSchema } from './openapi.js';

export const errorSchema = z.object({
  statusCode: z.int(),
  error: z.string().optional(),
  message: z
    .union([z.string(), z.array(z.string())])
    .describe('What is wrong; for a 400, one "path: problem" line each'),
});

export const startedSchema = z.object({
  workflowId: z.string(),
  runId: z.string(),
  type: z.string(),
  links: z.object({
    self: z.string(),
    result: z.string(),
    stream: z.string(),
    webUi: z.string().optional(),
  }),
});

export const workflowViewSchema = z.object({
  workflowId: z.string(),
  runId: z.string(),
  type: z.string(),
  status: z.string(),
  taskQueue: z.string(),
  startTime: z.string(),
  closeTime: z.string().nullable(),
  historyLength: z.number(),
  webUiUrl: z.string().optional(),
  progress: z.unknown().optional().describe('The progress query while running (usage included)'),
});

export const runInputSchema = z.object({
  workflowId: z.string(),
  runId: z.string().describe('The first run of the chain: the one started with this input'),
  type: z.string(),
  input: z.unknown().describe('The start input: the request body as the workflow received it'),
});

export const resultSchema = z.object({
  status: z.string().describe('COMPLETED, FAILED, CANCELLED, TERMINATED, TIMED_OUT, or RUNNING (202)'),
  result: z.unknown().optional(),
  error: z
    .object({ message: z.string(), type: z.string().optional(), cause: z.string().optional() })
    .optional(),
});

export const workflowPageSchema = z.object({
  workflows: z.array(
    z.object({
      workflowId: z.string(),
      runId: z.string(),
      type: z.string(),
      status: z.string(),
      startTime: z.string().nullable(),
      closeTime: z.string().nullable(),
      webUiUrl: z.string().optional().describe("The run in Temporal's Web UI, when its address is known"),
    }),
  ),
  nextPageToken: z.string().nullable(),
});

export const cancelSchema = z.object({ workflowId: z.string(), status: z.literal('CANCEL_REQUESTED') });

export const modelsSchema = z.object({
  models: z.array(
    z.object({
      name: z.string(),
      kind: z
        .enum(['chat', 'embedding'])
        .describe(
          'chat: every llm.* activity; embedding: llm.embed, llm.consensus and research indexes only',
        ),
      source: z.string(),
      taskQueue: z.string(),
      served: z.boolean(),
      pollers: z.int(),
    }),
  ),
});

const ERROR_MEANINGS: Record<number, string> = {
  400: 'Invalid input: every problem with its path',
  401: 'Missing or invalid API key (when API_KEYS is set)',
  404: 'No such run of this deployment',
  409: 'The run is not running',
  413: 'Inline items over the limit: pass them by reference with "source"',
  415: 'The body is not application/json',
  429: 'Rate limit exceeded: see Retry-After',
  503: 'Temporal did not answer in time',
};

/** The answer of every endpoint that starts a workflow. */
export const STARTED: Record<number, [string, z.ZodType]> = {
  201: ['Started: the run and its links', startedSchema],
};

/** Documents the success answers and the errors an endpoint can give. */
export function ApiAnswers(success: Record<number, [string, z.ZodType]>, errors: number[]) {
  return applyDecorators(
    ...Object.entries(success).map(([status, [description, schema]]) =>
      ApiResponse({ status: Number(status), description, schema: openApiSchema(schema) }),
    ),
    ...[401, 429, 503, ...errors].map((status) =>
      ApiResponse({
        status,
        description: ERROR_MEANINGS[status] ?? 'Error',
        schema: openApiSchema(errorSchema),
      }),
    ),
  );
}
