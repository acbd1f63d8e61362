import { z } from 'zod';
import { APPROVAL_GATE_ID } from '../../workflows/contracts/index.js';
import { proseString } from '../../workflows/contracts/input-rules.js';

/** The body of POST /workflows/{id}/approvals/{gate}. */
export const approvalDecisionBodySchema = z
  .strictObject({
    approved: z.boolean(),
    comment: proseString(4_000).optional(),
    edits: z
      .unknown()
      .optional()
      .describe(
        'A JSON value that replaces what was reviewed (a DAG approval node passes it to its dependents)',
      ),
  })
  .describe('A decision on an approval gate');

export const APPROVAL_DECISION_EXAMPLE = { approved: true, comment: 'Looks right.' };

export const gateIdSchema = z
  .string()
  .regex(APPROVAL_GATE_ID, 'a gate id: letters, digits, "_", "-", "." or "/"');
