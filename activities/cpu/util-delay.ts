import { ApplicationFailure, Context } from '@temporalio/activity';
import type { DelayInput } from '../../workflows/contracts/index.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

const HEARTBEAT_EVERY_MS = 250;

/**
 * `util.delay`: waits `ms`, failing retryably on the first `failTimes` attempts; for latency and
 * failure simulation. It heartbeats while waiting, which is how a cancellation reaches it, and
 * stops as soon as one does.
 */
export async function utilDelay(input: DelayInput): Promise<unknown> {
  if (typeof input?.ms !== 'number' || !Number.isFinite(input.ms) || input.ms < 0) {
    throw ApplicationFailure.nonRetryable(
      'util.delay: "ms" must be a non-negative number',
      ERROR_TYPES.InvalidInput,
    );
  }
  const ctx = Context.current();
  const failTimes = input.failTimes ?? 0;
  if (ctx.info.attempt <= failTimes) {
    throw ApplicationFailure.retryable(
      `util.delay: planned failure on attempt ${ctx.info.attempt} of ${failTimes}`,
      ERROR_TYPES.PlannedFailure,
    );
  }
  const deadline = Date.now() + input.ms;
  for (let left = input.ms; left > 0; left = deadline - Date.now()) {
    // Rejects with CancelledFailure the moment a cancellation arrives.
    await ctx.sleep(Math.min(left, HEARTBEAT_EVERY_MS));
    // Not before the first nap: a fan-out of hundreds would otherwise start with a heartbeat storm.
    ctx.heartbeat({ remainingMs: deadline - Date.now() });
  }
  return input.value ?? null;
}
