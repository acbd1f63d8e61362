import type { ResultCacheStore } from '../../activities/llm/result-cache.js';

/** A store's clock in a test: its `now` reads `t`. */
export interface TestClock {
  t: number;
}

/** The size cap every store is given for fillPastCap: three 80-character entries exceed it. */
export const CAP_BYTES = 300;

/**
 * Three entries that exceed CAP_BYTES, the first used again, then a fourth: a store that keeps to
 * its cap least recently used first keeps aa01 and aa04 and drops aa02 (each store's test reads
 * what it kept its own way).
 */
export async function fillPastCap(store: ResultCacheStore, clock: TestClock): Promise<void> {
  const value = (n: number) => ({ text: String(n).repeat(80) });
  for (const [i, key] of ['aa01', 'aa02', 'aa03'].entries()) {
    clock.t += 1_000;
    await store.put(key, value(i));
  }
  clock.t += 1_000;
  await store.get('aa01'); // used: the newest now
  clock.t += 1_000;
  await store.put('aa04', value(4));
}
