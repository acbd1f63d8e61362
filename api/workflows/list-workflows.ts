import { z } from 'zod';
import type { TemporalClientService } from '../temporal/temporal-client.service.js';

export const WORKFLOW_STATUSES = [
  'Running',
  'Completed',
  'Failed',
  'Canceled',
  'Terminated',
  'ContinuedAsNew',
  'TimedOut',
] as const;

export const listWorkflowsQuerySchema = z.object({
  type: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a workflow type name (letters, digits, _)')
    .optional(),
  status: z.enum(WORKFLOW_STATUSES).optional(),
  pageSize: z.coerce.number().int().min(1).max(1000).default(50),
  nextPageToken: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/, 'the nextPageToken of a previous page')
    .optional(),
});

export type ListWorkflowsQuery = z.infer<typeof listWorkflowsQuerySchema>;

export interface WorkflowSummary {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  startTime: string | null;
  closeTime: string | null;
}

export interface WorkflowPage {
  workflows: WorkflowSummary[];
  nextPageToken: string | null;
}

const STATUS_NAMES = [
  'UNSPECIFIED',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TERMINATED',
  'CONTINUED_AS_NEW',
  'TIMED_OUT',
];

function isoOf(ts: { seconds?: unknown; nanos?: number | null } | null | undefined): string | null {
  if (!ts?.seconds) return null;
  return new Date(Number(ts.seconds) * 1000 + Math.floor((ts.nanos ?? 0) / 1e6)).toISOString();
}

/** One page of this deployment's runs (its workflow task queue), through a visibility query. */
export async function runsPage(
  temporal: TemporalClientService,
  q: ListWorkflowsQuery,
): Promise<WorkflowPage> {
  const clauses = [`TaskQueue = '${temporal.queues.workflows}'`];
  if (q.type) clauses.push(`WorkflowType = '${q.type}'`);
  if (q.status) clauses.push(`ExecutionStatus = '${q.status}'`);
  const res = await temporal.client.workflowService.listWorkflowExecutions({
    namespace: temporal.config.temporal.namespace,
    query: clauses.join(' AND '),
    pageSize: q.pageSize,
    ...(q.nextPageToken ? { nextPageToken: Buffer.from(q.nextPageToken, 'base64url') } : {}),
  });
  return {
    workflows: (res.executions ?? []).map((e) => ({
      workflowId: e.execution?.workflowId ?? '',
      runId: e.execution?.runId ?? '',
      type: e.type?.name ?? '',
      status: STATUS_NAMES[e.status ?? 0] ?? 'UNSPECIFIED',
      startTime: isoOf(e.startTime),
      closeTime: isoOf(e.closeTime),
    })),
    nextPageToken: res.nextPageToken?.length ? Buffer.from(res.nextPageToken).toString('base64url') : null,
  };
}
