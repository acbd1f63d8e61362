import { applyDecorators, Query } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Priority } from '@temporalio/common';
import { z } from 'zod';
import { keyString } from '../../workflows/contracts/input-rules.js';
import { ZodPipe } from './zod-body.pipe.js';

/**
 * How a run's tasks are ordered in backlogged queues (Temporal task priority), given as query
 * parameters of every start endpoint. The workflow's activities and child runs inherit it.
 */
export const runSchedulingSchema = z.object({
  priority: z.coerce
    .number()
    .int()
    .min(1)
    .max(5)
    .optional()
    .describe('1 (first) to 5 (last); default 3. A backlogged queue hands out lower numbers first.'),
  fairnessKey: keyString(64)
    .optional()
    .describe('A tenant or class of work: keys share a backlogged queue in proportion to their weights'),
  fairnessWeight: z.coerce
    .number()
    .min(0.001)
    .max(1_000)
    .optional()
    .describe("The fairness key's weight (default 1)"),
});

export type RunScheduling = z.infer<typeof runSchedulingSchema>;

/** The Temporal Priority of a run, or undefined when the request set none. */
export function priorityOf(s: RunScheduling | undefined): Priority | undefined {
  if (!s || (s.priority === undefined && s.fairnessKey === undefined && s.fairnessWeight === undefined))
    return undefined;
  return {
    ...(s.priority !== undefined ? { priorityKey: s.priority } : {}),
    ...(s.fairnessKey !== undefined ? { fairnessKey: s.fairnessKey } : {}),
    ...(s.fairnessWeight !== undefined ? { fairnessWeight: s.fairnessWeight } : {}),
  };
}

/** Documents the scheduling query parameters of a start endpoint. */
export function ApiRunScheduling() {
  return applyDecorators(
    ...(['priority', 'fairnessKey', 'fairnessWeight'] as const).map((name) => {
      const field = runSchedulingSchema.shape[name];
      return ApiQuery({
        name,
        required: false,
        description: field.description,
        schema:
          name === 'priority'
            ? { type: 'integer', minimum: 1, maximum: 5 }
            : name === 'fairnessKey'
              ? { type: 'string', minLength: 1, maxLength: 64 }
              : { type: 'number', minimum: 0.001, maximum: 1000 },
      });
    }),
  );
}

/** The scheduling query parameters of a start endpoint, validated: a bad one is a 400 naming `query.<field>`. */
export const SchedulingQuery = () => Query(new ZodPipe(runSchedulingSchema, 'query'));
