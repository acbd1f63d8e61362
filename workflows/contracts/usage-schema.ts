// The token usage every pipeline result carries, as a zod schema: the `Usage` type and the
// OpenAPI document's usage both come from here.
import { z } from 'zod';

export const tokenCountsSchema = z.object({
  promptTokens: z.int(),
  promptTokensEvaluated: z
    .int()
    .describe('Of promptTokens, those evaluated: the rest were already held by a sequence (prefix reuse)'),
  completionTokens: z.int(),
  calls: z.int().describe('Model calls (one activity may make several, e.g. a hierarchical synthesis)'),
});

export const usageSchema = tokenCountsSchema
  .extend({ byModel: z.record(z.string(), tokenCountsSchema) })
  .describe('Token usage of the LLM calls of the run, its child runs and continued runs, by model');
