import type { ACTIVITY_REGISTRY, ActivityName } from '../workflows/contracts/index.js';
import { utilDelay } from './cpu/util-delay.js';
import { utilEcho } from './cpu/util-echo.js';

export interface CpuActivityDeps {
  /** Root folder for `lines` sources: files outside it are refused. */
  dataDir: string;
}

type CpuActivityName = {
  [K in ActivityName]: (typeof ACTIVITY_REGISTRY)[K]['queue'] extends 'cpu' ? K : never;
}[ActivityName];

/** The CPU worker's activities, keyed by their registry names. */
export function createCpuActivities(_deps: CpuActivityDeps) {
  return {
    'util.echo': utilEcho,
    'util.delay': utilDelay,
  } satisfies Record<CpuActivityName, (input: never) => Promise<unknown>>;
}

export type CpuActivities = ReturnType<typeof createCpuActivities>;
