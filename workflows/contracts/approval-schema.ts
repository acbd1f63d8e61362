// A person's decision at an approval gate, as a zod schema: the `ApprovalDecision` type and the
// OpenAPI documents of results that carry one both come from here.
import { z } from 'zod';

export const approvalDecisionSchema = z.object({
  approved: z.boolean(),
  by: z
    .string()
    .describe('The API key\'s name, "timeout" when the deadline decided, "anonymous" without keys'),
  comment: z.string().optional(),
  edits: z.unknown().optional().describe('A JSON value the person supplied instead of the details'),
  decidedAt: z.string(),
});
