import { ApplicationFailure, Context } from '@temporalio/activity';
import { generateTurn, PromptTooLongError } from './generate-turn.js';
import type { TurnRequest, TurnResult } from './generate-turn.js';
import { HeartbeatPacer } from './heartbeat-pacer.js';
import type { LiveTokens } from './live-tokens.js';
import type { ModelHost } from './model-host.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

const MIN_TICK_MS = 50;

/**
 * Runs one chat turn as (part of) an activity. Heartbeats carry the tokens generated so far,
 * paced by how busy the model is (see HeartbeatPacer), and the activity's cancellation signal
 * stops generation at the next token.
 */
export async function runChat(host: ModelHost, request: TurnRequest, live?: LiveTokens): Promise<TurnResult> {
  const ctx = Context.current();
  const signal = ctx.cancellationSignal;
  let tokens = 0;
  const pacer = new HeartbeatPacer(() => host.busySequences);
  const beat = () => {
    if (pacer.due()) ctx.heartbeat({ tokens });
  };
  // Keeps heartbeats flowing while no tokens do (prompt evaluation, waiting for a sequence),
  // waking only as often as a heartbeat can be due.
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    beat();
    timer = setTimeout(tick, Math.max(MIN_TICK_MS, pacer.msUntilDue()));
  };
  timer = setTimeout(tick, pacer.msUntilDue());
  try {
    return await generateTurn(host, request, {
      signal,
      onToken: (count) => {
        tokens = count;
        beat();
      },
      ...(live ? { onText: (delta: string) => live.text(delta) } : {}),
    });
  } catch (err) {
    // Report a cancellation as one (CancelledFailure), not as an AbortError.
    if (signal.aborted) throw signal.reason;
    if (err instanceof PromptTooLongError)
      throw ApplicationFailure.nonRetryable(err.message, ERROR_TYPES.PromptTooLong);
    throw err;
  } finally {
    clearTimeout(timer);
    // Everything streamed is in the run's log before the activity completes.
    await live?.close();
  }
}
