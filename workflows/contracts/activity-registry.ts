// Activities are addressed by name. Each entry says which queue serves it and how Temporal
// should time it out and retry it; workflows schedule by name through this table, and the API
// rejects names that are not in it. Adding an activity = one function + one entry here.

export type ActivityQueueKind = 'cpu' | 'llm';

export interface ActivityRetrySpec {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

export interface ActivitySpec {
  queue: ActivityQueueKind;
  description: string;
  startToCloseTimeoutMs: number;
  /** Set for activities that heartbeat: a dead worker is noticed after this long, not at the start-to-close timeout. */
  heartbeatTimeoutMs?: number;
  retry: ActivityRetrySpec;
}

const DEFAULT_RETRY: ActivityRetrySpec = {
  maximumAttempts: 5,
  initialIntervalMs: 200,
  backoffCoefficient: 2,
  maximumIntervalMs: 10_000,
};

export const ACTIVITY_REGISTRY = {
  'util.echo': {
    queue: 'cpu',
    description: 'Returns its input unchanged.',
    startToCloseTimeoutMs: 30_000,
    retry: DEFAULT_RETRY,
  },
  'util.delay': {
    queue: 'cpu',
    description:
      '{ ms, value, failTimes? }: waits ms (stops promptly when cancelled), fails retryably on the first failTimes attempts, then returns value.',
    startToCloseTimeoutMs: 10 * 60_000,
    heartbeatTimeoutMs: 5_000,
    retry: { ...DEFAULT_RETRY, initialIntervalMs: 50, maximumIntervalMs: 1_000, maximumAttempts: 10 },
  },
} as const satisfies Record<string, ActivitySpec>;

export type ActivityName = keyof typeof ACTIVITY_REGISTRY;

export function isActivityName(name: string): name is ActivityName {
  return Object.prototype.hasOwnProperty.call(ACTIVITY_REGISTRY, name);
}

export function activitySpec(name: ActivityName): ActivitySpec {
  return ACTIVITY_REGISTRY[name];
}
