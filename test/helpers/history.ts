import type { WorkflowHandle } from '@temporalio/client';

type Event = NonNullable<Awaited<ReturnType<WorkflowHandle['fetchHistory']>>['events']>[number];

/** The events of a run's history (the run the handle points at, or the latest). */
export async function events(handle: WorkflowHandle): Promise<Event[]> {
  return (await handle.fetchHistory()).events ?? [];
}

export function count(evts: Event[], key: keyof Event): number {
  return evts.filter((e) => e[key]).length;
}

/** The most activities (of one type, if given) outstanding at any point of a history. */
export function peakOutstandingActivities(evts: Event[], activityType?: string): number {
  const open = new Set<string>();
  let peak = 0;
  for (const e of evts) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled && (!activityType || scheduled.activityType?.name === activityType)) {
      open.add(String(e.eventId));
      peak = Math.max(peak, open.size);
    }
    const closed =
      e.activityTaskCompletedEventAttributes ??
      e.activityTaskFailedEventAttributes ??
      e.activityTaskTimedOutEventAttributes ??
      e.activityTaskCanceledEventAttributes;
    if (closed) open.delete(String(closed.scheduledEventId));
  }
  return peak;
}

export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
