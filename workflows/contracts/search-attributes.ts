// Custom search attributes the project registers on its namespace (dev server flag, or the
// API's start-up check against an external cluster). Names only: keys are built where used.
// A run's pattern needs none: each pattern and pipeline has a workflow type of its own, and
// `WorkflowType` is indexed already (a pattern attribute set at every start cost about a tenth
// of the start rate on the dev server's store, for nothing the type did not say).

/** A run's pending approval gates (see approvals.ts). */
export const PENDING_APPROVALS_ATTRIBUTE = 'ParallelAiPendingApprovals';

export const CUSTOM_SEARCH_ATTRIBUTES = {
  [PENDING_APPROVALS_ATTRIBUTE]: 'KeywordList',
} as const;
