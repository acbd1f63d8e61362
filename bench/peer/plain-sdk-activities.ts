import { setTimeout as delay } from 'node:timers/promises';

export const plainActivities = {
  noop: <T>(value: T): Promise<T> => Promise.resolve(value),
  sleep: async <T>(ms: number, value: T): Promise<T> => {
    await delay(ms);
    return value;
  },
};

export type PlainActivities = typeof plainActivities;
