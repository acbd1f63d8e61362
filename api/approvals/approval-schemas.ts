import { z } from 'zod';
import { APPROVAL_GATE_ID } from '../../workflows/contracts/index.js';

// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** The body of POST /workflows/{id}/approvals/{gate}. */
export const approvalDecisionBodySchema = z
  .strictObject({
    approved: z.boolean(),
    comment: z
      .string()
      .max(4_000)
      .refine((s) => !CONTROL_BUT_LINES.test(s), 'must not contain control characters')
      .optional(),
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
