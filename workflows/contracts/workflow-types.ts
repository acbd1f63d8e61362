// Workflow type names as registered by the workflow worker (the exported function names).
export const WORKFLOW_TYPES = {
  echo: 'echoWorkflow',
} as const;

export type WorkflowTypeName = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];
