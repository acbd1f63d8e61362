// The peer of the benchmark suite: what a user writes with the plain Temporal SDK and nothing of
// this project — activities proxied on another task queue, Promise.all or a loop.
import { proxyActivities } from '@temporalio/workflow';
import type { PlainActivities } from './plain-sdk-activities.js';

const { noop, sleep } = proxyActivities<PlainActivities>({
  taskQueue: 'plain-sdk-activities',
  startToCloseTimeout: '1 minute',
});

export async function plainFanOut(n: number): Promise<number> {
  const done = await Promise.all(Array.from({ length: n }, (_, i) => noop(i)));
  return done.length;
}

export async function plainDelayFanOut(n: number, ms: number): Promise<number> {
  const done = await Promise.all(Array.from({ length: n }, (_, i) => sleep(ms, i)));
  return done.length;
}

export async function plainChain(n: number): Promise<number> {
  let value = 0;
  for (let i = 0; i < n; i++) value = await noop(value + 1);
  return value;
}

export function plainEcho(message: string): Promise<string> {
  return noop(message);
}
