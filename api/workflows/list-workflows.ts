import { createHash } from 'node:crypto';
import { BadRequestException } from '@nestjs/common';
import { z } from 'zod';
import { isUnavailable } from '../common/temporal-exception.filter.js';
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
  topLevel: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('"true": only runs started from outside (no child runs of a pattern, a pipeline or an agent)'),
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
  webUiUrl?: string;
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

// Page tokens carry a checksum: a token that is not one this API handed out is a 400 at once
// (the dev server does not answer some malformed tokens for 20 s).
const checksum = (token: Buffer) => createHash('sha256').update(token).digest().subarray(0, 8);

function sealToken(token: Buffer): string {
  return Buffer.concat([checksum(token), token]).toString('base64url');
}

function badToken(): BadRequestException {
  return new BadRequestException(['query.nextPageToken: not the nextPageToken of a previous page']);
}

function openToken(sealed: string): Buffer {
  const raw = Buffer.from(sealed, 'base64url');
  const token = raw.subarray(8);
  if (raw.length <= 8 || !checksum(token).equals(raw.subarray(0, 8))) throw badToken();
  return token;
}

/** One page of this deployment's runs (its workflow task queue), through a visibility query. */
export async function runsPage(
  temporal: TemporalClientService,
  q: ListWorkflowsQuery,
): Promise<WorkflowPage> {
  const clauses = [`TaskQueue = '${temporal.queues.workflows}'`];
  if (q.type) clauses.push(`WorkflowType = '${q.type}'`);
  if (q.status) clauses.push(`ExecutionStatus = '${q.status}'`);
  if (q.topLevel) clauses.push('ParentWorkflowId IS NULL');
  const res = await temporal.client.workflowService
    .listWorkflowExecutions({
      namespace: temporal.config.temporal.namespace,
      query: clauses.join(' AND '),
      pageSize: q.pageSize,
      ...(q.nextPageToken ? { nextPageToken: openToken(q.nextPageToken) } : {}),
    })
    .catch((err: unknown) => {
      // A token Temporal cannot read is the caller's mistake, whatever status the server gives it.
      if (q.nextPageToken && !isUnavailable(err)) throw badToken();
      throw err;
    });
  return {
    workflows: (res.executions ?? []).map((e) => {
      const workflowId = e.execution?.workflowId ?? '';
      const runId = e.execution?.runId ?? '';
      const webUiUrl = temporal.webUiLink(workflowId, runId);
      return {
        workflowId,
        runId,
        type: e.type?.name ?? '',
        status: STATUS_NAMES[e.status ?? 0] ?? 'UNSPECIFIED',
        startTime: isoOf(e.startTime),
        closeTime: isoOf(e.closeTime),
        ...(webUiUrl ? { webUiUrl } : {}),
      };
    }),
    nextPageToken: res.nextPageToken?.length ? sealToken(Buffer.from(res.nextPageToken)) : null,
  };
}
