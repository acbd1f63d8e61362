import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import {
  ApplicationFailure,
  condition,
  metricMeter,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import {
  APPROVAL_REFUSALS,
  approvalDecisionUpdate,
  PENDING_APPROVALS_ATTRIBUTE,
  pendingApprovalsQuery,
} from '../contracts/index.js';
import type {
  ApprovalDecision,
  ApprovalDecisionInput,
  ApprovalRequest,
  PendingApproval,
} from '../contracts/index.js';
import { publishLive } from './live.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

// Approval gates of this run (module state is private to each workflow execution).
const pending = new Map<string, PendingApproval>();
/** Gates that check a person's edits before accepting the decision. */
const editCheckers = new Map<string, (edits: unknown) => string[]>();
const decisions = new Map<string, ApprovalDecision>();
let handlersSet = false;

const PENDING_KEY = defineSearchAttributeKey(PENDING_APPROVALS_ATTRIBUTE, SearchAttributeType.KEYWORD_LIST);

/** The run's search attribute follows its pending gates, so GET /approvals is one visibility query. */
function publishPending(): void {
  upsertSearchAttributes([{ key: PENDING_KEY, value: pending.size > 0 ? [...pending.keys()] : null }]);
}

function setHandlers(): void {
  if (handlersSet) return;
  handlersSet = true;
  setHandler(pendingApprovalsQuery, () => [...pending.values()]);
  setHandler(
    approvalDecisionUpdate,
    (input: ApprovalDecisionInput): ApprovalDecision => {
      const decision: ApprovalDecision = {
        approved: input.approved,
        by: input.by,
        ...(input.comment !== undefined ? { comment: input.comment } : {}),
        ...(input.edits !== undefined ? { edits: input.edits } : {}),
        decidedAt: new Date().toISOString(),
      };
      decisions.set(input.gate, decision);
      return decision;
    },
    {
      validator: (input: ApprovalDecisionInput) => {
        if (decisions.has(input.gate))
          throw ApplicationFailure.create({
            message: `gate "${input.gate}" is already decided`,
            type: APPROVAL_REFUSALS.decided,
            nonRetryable: true,
          });
        if (!pending.has(input.gate))
          throw ApplicationFailure.create({
            message: `no gate "${input.gate}" waits in this run`,
            type: APPROVAL_REFUSALS.unknownGate,
            nonRetryable: true,
          });
        const problems =
          input.approved && input.edits !== undefined
            ? (editCheckers.get(input.gate)?.(input.edits) ?? [])
            : [];
        if (problems.length > 0)
          throw ApplicationFailure.create({
            message: `the edits of gate "${input.gate}" are refused: ${problems.join('; ')}`,
            type: APPROVAL_REFUSALS.invalidEdits,
            nonRetryable: true,
            details: problems,
          });
      },
    },
  );
}

/**
 * Waits for a person to approve or reject (an Update through the API), or for the timeout:
 * then `onTimeout` decides (default "fail": the wait fails with ApprovalTimedOut). The wait is
 * durable: it survives worker and server restarts like any other step. Other branches keep
 * running meanwhile.
 */
export async function awaitApproval(
  request: ApprovalRequest,
  /** Problems with a person's edits (none: accepted); a decision with refused edits is a 400. */
  checkEdits?: (edits: unknown) => string[],
): Promise<ApprovalDecision> {
  setHandlers();
  if (checkEdits) editCheckers.set(request.id, checkEdits);
  if (pending.has(request.id) || decisions.has(request.id))
    throw ApplicationFailure.nonRetryable(
      `approval gate "${request.id}" is used twice in this run`,
      ERROR_TYPES.InvalidSpec,
    );
  const requestedAt = new Date();
  const deadline =
    request.timeoutMs !== undefined ? new Date(requestedAt.getTime() + request.timeoutMs) : null;
  pending.set(request.id, {
    gate: request.id,
    title: request.title,
    ...(request.details !== undefined ? { details: request.details } : {}),
    requestedAt: requestedAt.toISOString(),
    deadline: deadline?.toISOString() ?? null,
  });
  publishPending();
  publishLive({ type: 'approval.requested', path: `approvals/${request.id}`, title: request.title });
  // Requested minus decided is the number of gates waiting (the SDK drops these on replay).
  metricMeter.createCounter('approvals_requested', 'gates', 'Approval gates opened').add(1);
  try {
    const decided =
      request.timeoutMs !== undefined
        ? await condition(() => decisions.has(request.id), request.timeoutMs)
        : await condition(() => decisions.has(request.id)).then(() => true);
    if (!decided) {
      const onTimeout = request.onTimeout ?? 'fail';
      if (onTimeout === 'fail')
        throw ApplicationFailure.nonRetryable(
          `approval "${request.id}" was not decided within ${request.timeoutMs} ms`,
          ERROR_TYPES.ApprovalTimedOut,
        );
      decisions.set(request.id, {
        approved: onTimeout === 'approve',
        by: 'timeout',
        decidedAt: new Date().toISOString(),
      });
    }
    const decision = decisions.get(request.id)!;
    const outcome = decision.by === 'timeout' ? 'timeout' : decision.approved ? 'approved' : 'rejected';
    metricMeter.createCounter('approvals_decided', 'gates', 'Approval gates decided').add(1, { outcome });
    metricMeter
      .createHistogram('approval_decision_latency', 'int', 'ms', 'From a gate opening to its decision')
      .record(Date.now() - requestedAt.getTime(), { outcome });
    publishLive({
      type: 'approval.decided',
      path: `approvals/${request.id}`,
      approved: decision.approved,
      by: decision.by,
    });
    return decision;
  } finally {
    pending.delete(request.id);
    editCheckers.delete(request.id);
    publishPending();
  }
}
