import type { InjectedSinks } from '@temporalio/worker';
import type { LiveSinks } from '../workflows/contracts/index.js';

/** Workers keep nothing of a closing run's log: the run has it, and a replay recovers it. */
export const LIVE_SINKS_NO_OP: InjectedSinks<LiveSinks> = {
  live: { closed: { fn: () => undefined, callDuringReplay: false } },
};
