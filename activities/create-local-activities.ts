import type { ACTIVITY_REGISTRY, ActivityName } from '../workflows/contracts/index.js';
import { utilEcho } from './cpu/util-echo.js';
import { reducerActivities } from './reducers.js';

type LocalActivityName = {
  [K in ActivityName]: (typeof ACTIVITY_REGISTRY)[K] extends { local: true } ? K : never;
}[ActivityName];

/**
 * The activities marked `local` in the registry, which the workflow worker runs itself as local
 * activities: pure functions without dependencies.
 */
export function createLocalActivities() {
  const local = {
    'util.echo': utilEcho,
    'counts.merge': reducerActivities['counts.merge'],
    'number.sum': reducerActivities['number.sum'],
    'list.concat': reducerActivities['list.concat'],
    'list.collect': reducerActivities['list.collect'],
  } satisfies Record<LocalActivityName, (input: never) => Promise<unknown>>;
  return local;
}
