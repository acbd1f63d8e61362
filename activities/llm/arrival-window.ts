/**
 * A node-llama-cpp dispatch schedule that holds a batch while requests are still arriving.
 *
 * A burst of S activities reaches the worker's event loop one by one, a few ms apart (16
 * requests over ~50 ms on 2 cores). Dispatching the first prompt at once starts a decode that
 * the later prompts queue behind, and on a small CPU that decode also takes the cores the
 * worker needs to start them. Waiting until no request has arrived for `quietMs` (never longer
 * than `maxWaitMs`) lets the burst's prompts decode together. Without new arrivals, e.g.
 * between the steps of running generations, it dispatches on the next cycle, like the default.
 */
export class ArrivalWindow {
  private lastArrival = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly quietMs = 5,
    private readonly maxWaitMs = 50,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Call when a request takes a sequence. */
  arrived(): void {
    this.lastArrival = this.now();
  }

  /** Milliseconds to hold a batch first scheduled at `since`; 0 dispatches it. */
  holdMs(since: number): number {
    const t = this.now();
    return Math.max(0, Math.min(this.quietMs - (t - this.lastArrival), this.maxWaitMs - (t - since)));
  }

  readonly schedule = (dispatch: () => void): void => {
    const since = this.now();
    const check = () => {
      const hold = this.holdMs(since);
      if (hold <= 0) dispatch();
      else setTimeout(check, hold);
    };
    // Never synchronously: the other sequences queue their next tokens in the same cycle.
    setImmediate(check);
  };
}
