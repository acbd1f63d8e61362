/**
 * A node-llama-cpp dispatch schedule that holds a batch while requests are still arriving.
 *
 * A burst of S activities reaches the worker's event loop one by one, and on a small CPU every
 * batch decode in flight takes the cores that would start the next activity: dispatching the
 * first prompt at once spreads the burst's starts over ~400 ms (16 requests, 2 cores), and the
 * early ones then decode in thin batches. Waiting until no request has arrived for `quietMs`
 * (never longer than `maxWaitMs`) lets the burst start together. Without new arrivals, e.g.
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
