// Custom search attributes the project registers on its namespace (dev server flag, or the
// API's start-up check against an external cluster). Names only: keys are built where used.

export const PATTERN_SEARCH_ATTRIBUTE = 'ParallelAiPattern';

export const CUSTOM_SEARCH_ATTRIBUTES = {
  [PATTERN_SEARCH_ATTRIBUTE]: 'Keyword',
} as const;
