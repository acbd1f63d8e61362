import type { WorkflowHandle } from '@temporalio/client';

/** When each activity of a run completed (ms since epoch, sub-millisecond part kept), from its history. */
export async function activityCompletions(handle: WorkflowHandle): Promise<number[]> {
  const history = await handle.fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.activityTaskCompletedEventAttributes)
    .map((e) => Number(e.eventTime!.seconds) * 1000 + (e.eventTime!.nanos ?? 0) / 1e6);
}

/** The activity completions of several runs in time order, one letter per run ("a" the first): "aaba…". */
export async function completionOrder(handles: WorkflowHandle[]): Promise<string> {
  const times = await Promise.all(handles.map(activityCompletions));
  return times
    .flatMap((ts, i) => ts.map((t) => ({ t, key: String.fromCharCode(97 + i) })))
    .sort((x, y) => x.t - y.t)
    .map((x) => x.key)
    .join('');
}

/** The share of `key` among the completions from `from` up to `to` of an order. */
export function shareOf(order: string, key: string, from: number, to: number): number {
  const window = order.slice(from, to);
  return window.split('').filter((k) => k === key).length / window.length;
}
