import type { WorkflowHandle } from '@temporalio/client';

type Event = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** The events of a run's history (the run the handle points at, or the latest). */
export async function events(handle: WorkflowHandle): Promise<Event[]> {
  return (await handle.fetchHistory()).events ?? [];
}

export function count(evts: Event[], key: keyof Event): number {
  return evts.filter((e) => e[key]).length;
}

/** The most activities outstanding (scheduled, not yet closed) at any point of a history. */
export function peakOutstandingActivities(evts: Event[]): number {
  let outstanding = 0;
  let peak = 0;
  for (const e of evts) {
    if (e.activityTaskScheduledEventAttributes) peak = Math.max(peak, ++outstanding);
    if (
      e.activityTaskCompletedEventAttributes ||
      e.activityTaskFailedEventAttributes ||
      e.activityTaskTimedOutEventAttributes ||
      e.activityTaskCanceledEventAttributes
    ) {
      outstanding--;
    }
  }
  return peak;
}

export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
