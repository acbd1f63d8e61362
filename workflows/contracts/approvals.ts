// People in the loop: a run waits at an approval gate until a person decides (a Temporal Update,
// so the decision is in the run's history) or its timeout passes. Gates are listed by a search
// attribute on the run (one visibility query for all of a deployment's pending gates) and read by
// a query; decisions are made through the API.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { z } from 'zod';
import type { approvalDecisionSchema } from './approval-schema.js';

export const APPROVAL_TIMEOUT_ACTIONS = ['approve', 'reject', 'fail'] as const;
export type ApprovalTimeoutAction = (typeof APPROVAL_TIMEOUT_ACTIONS)[number];

/** Gate ids: letters, digits, "_", "-", "." and "/" (a DAG node's gate is its node id). */
export const APPROVAL_GATE_ID = /^[A-Za-z0-9_./-]{1,128}$/;

export interface ApprovalRequest {
  id: string;
  title: string;
  /** What the person looks at (a draft, a plan); `edits` may replace it. */
  details?: unknown;
  timeoutMs?: number;
  /** When nobody decides in time (default "fail"). */
  onTimeout?: ApprovalTimeoutAction;
}

export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

export interface PendingApproval {
  gate: string;
  title: string;
  details?: unknown;
  requestedAt: string;
  deadline: string | null;
}

/** The Update that decides a gate (its validator refuses an unknown or already decided gate). */
export interface ApprovalDecisionInput {
  gate: string;
  approved: boolean;
  by: string;
  comment?: string;
  edits?: unknown;
}

export const approvalDecisionUpdate = defineUpdate<ApprovalDecision, [ApprovalDecisionInput]>(
  'approval.decide',
);
export const pendingApprovalsQuery = defineQuery<PendingApproval[]>('approval.pending');

/** Refusals of the decision Update, by failure type: the API answers 404 and 409 for them. */
export const APPROVAL_REFUSALS = {
  unknownGate: 'UnknownGate',
  decided: 'AlreadyDecided',
  /** The gate checks edits (an edited plan must still be a plan): the problems are the details. */
  invalidEdits: 'InvalidEdits',
} as const;
