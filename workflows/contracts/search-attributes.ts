// Custom search attributes the project registers on its namespace (dev server flag, or the
// API's start-up check against an external cluster). Names only: keys are built where used.

export const PATTERN_SEARCH_ATTRIBUTE = 'ParallelAiPattern';

/** A run's pending approval gates (see approvals.ts). */
export const PENDING_APPROVALS_ATTRIBUTE = 'ParallelAiPendingApprovals';

export const CUSTOM_SEARCH_ATTRIBUTES = {
  [PATTERN_SEARCH_ATTRIBUTE]: 'Keyword',
  [PENDING_APPROVALS_ATTRIBUTE]: 'KeywordList',
} as const;
