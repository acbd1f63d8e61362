import { workflowInfo } from '@temporalio/workflow';

/**
 * Whether this run should stop scheduling and continue as new: the server suggests it, or its
 * history has passed `softLimit` events (kept well below Temporal's 10 240-event warning).
 */
export function historyNearLimit(softLimit: number): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength > softLimit;
}
