import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  APPROVAL_REFUSALS,
  approvalDecisionUpdate,
  PENDING_APPROVALS_ATTRIBUTE,
  pendingApprovalsQuery,
} from '../../workflows/contracts/index.js';
import type { ApprovalDecision, PendingApproval } from '../../workflows/contracts/index.js';
import { OwnedRunsService } from '../temporal/owned-runs.service.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';

const MAX_RUNS = 100;
const QUERY_TIMEOUT_MS = 2_000;

export interface ListedApproval extends PendingApproval {
  workflowId: string;
  runId: string;
  workflowType: string;
  links: { decide: string };
}

/** Pending approval gates of this deployment's runs, and decisions on them. */
@Injectable()
export class ApprovalsService {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly owned: OwnedRunsService,
  ) {}

  /** One visibility query for the runs with pending gates, then each run's gates by query. */
  async list(): Promise<{ approvals: ListedApproval[] }> {
    const { client, config, queues } = this.temporal;
    const res = await this.temporal.call(() =>
      client.workflowService.listWorkflowExecutions({
        namespace: config.temporal.namespace,
        query: `TaskQueue = '${queues.workflows}' AND ExecutionStatus = 'Running' AND ${PENDING_APPROVALS_ATTRIBUTE} IS NOT NULL`,
        pageSize: MAX_RUNS,
      }),
    );
    const perRun = await Promise.all(
      (res.executions ?? []).map(async (e) => {
        const workflowId = e.execution?.workflowId ?? '';
        const gates = await this.temporal
          .call(() => client.workflow.getHandle(workflowId).query(pendingApprovalsQuery), QUERY_TIMEOUT_MS)
          .catch(() => [] as PendingApproval[]);
        return gates.map((g): ListedApproval => ({
          ...g,
          workflowId,
          runId: e.execution?.runId ?? '',
          workflowType: e.type?.name ?? '',
          links: {
            decide: `/workflows/${encodeURIComponent(workflowId)}/approvals/${encodeURIComponent(g.gate)}`,
          },
        }));
      }),
    );
    return { approvals: perRun.flat().sort((a, b) => a.requestedAt.localeCompare(b.requestedAt)) };
  }

  /** Records a decision: in the run's history once this returns. */
  async decide(
    workflowId: string,
    gate: string,
    decision: { approved: boolean; comment?: string; edits?: unknown },
    by: string,
  ): Promise<{ workflowId: string; gate: string; decision: ApprovalDecision }> {
    const d = await this.owned.describe(workflowId);
    if (d.status.name !== 'RUNNING')
      throw new ConflictException(`workflow ${workflowId} is not running (status ${d.status.name})`);
    const handle = this.temporal.client.workflow.getHandle(workflowId);
    try {
      const result = await this.temporal.call(() =>
        handle.executeUpdate(approvalDecisionUpdate, { args: [{ gate, ...decision, by }] }),
      );
      return { workflowId, gate, decision: result };
    } catch (err) {
      throw refusal(workflowId, gate, err) ?? err;
    }
  }
}

function refusal(workflowId: string, gate: string, err: unknown): Error | undefined {
  if (!(err instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = err.cause;
  if (cause instanceof ApplicationFailure && cause.type === APPROVAL_REFUSALS.decided)
    return new ConflictException(cause.message);
  if (cause instanceof ApplicationFailure && cause.type === APPROVAL_REFUSALS.invalidEdits)
    return new BadRequestException(
      (cause.details?.length ? (cause.details as string[]) : [cause.message]).map(
        (p) => `body.edits: ${String(p)}`,
      ),
    );
  // An unknown gate, or a run that never opened one (no handler registered).
  if (cause instanceof ApplicationFailure && cause.type === APPROVAL_REFUSALS.unknownGate)
    return new NotFoundException(cause.message);
  if (cause && /handler/i.test(cause.message))
    return new NotFoundException(`no gate "${gate}" waits in workflow ${workflowId}`);
  return undefined;
}
