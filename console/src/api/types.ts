// The API's shapes, taken from the shared contracts (type-only: nothing of the server is bundled).
import type { z } from 'zod';
import type {
  modelsSchema,
  resultSchema,
  runInputSchema,
  startedSchema,
  workflowPageSchema,
  workflowViewSchema,
} from '../../../api/common/api-responses';
import type { LiveEvent, LiveEventType } from '../../../workflows/contracts/live';
import type { PendingApproval } from '../../../workflows/contracts/approvals';
import type { Usage } from '../../../workflows/contracts/usage';

export type WorkflowPage = z.infer<typeof workflowPageSchema>;
export type WorkflowSummary = WorkflowPage['workflows'][number];
export type WorkflowView = z.infer<typeof workflowViewSchema>;
export type RunResult = z.infer<typeof resultSchema>;
export type RunInput = z.infer<typeof runInputSchema>;
export type Started = z.infer<typeof startedSchema>;
export type Models = z.infer<typeof modelsSchema>;
export type { LiveEvent, LiveEventType, Usage };

/** One entry of GET /approvals. */
export interface ListedApproval extends PendingApproval {
  workflowId: string;
  runId: string;
  workflowType: string;
  links: { decide: string };
}

/** GET /health: Terminus's answer, 200 or 503 with the same shape. */
export interface Health {
  status: string;
  info?: Record<string, Record<string, unknown>>;
  error?: Record<string, Record<string, unknown>>;
  details?: Record<string, Record<string, unknown>>;
}
