/**
 * Paces an activity's heartbeats by how many requests share the model. Cancellation reaches
 * an activity only through a heartbeat, so a lone request heartbeats often (it stops fast);
 * but every heartbeat is a server write, and many concurrent generations heartbeating that
 * often take CPU from the decoding itself. The total rate per model stays near a budget.
 */
export class HeartbeatPacer {
  /**
   * The first heartbeat is due one interval after the request starts, not at once: a burst of S
   * requests would otherwise send S heartbeats together just as their prompts decode.
   */
  private last: number;

  constructor(
    private readonly busy: () => number,
    private readonly minIntervalMs = 250,
    private readonly budgetPerSecond = 8,
    private readonly now: () => number = Date.now,
    /** Well inside the LLM activities' 10 s heartbeat timeout, however many requests share. */
    private readonly maxIntervalMs = 2_500,
  ) {
    this.last = now();
  }

  intervalMs(): number {
    const paced = (Math.max(1, this.busy()) * 1000) / this.budgetPerSecond;
    return Math.min(this.maxIntervalMs, Math.max(this.minIntervalMs, paced));
  }

  /** Milliseconds until the next heartbeat is due (0 when it is). */
  msUntilDue(): number {
    return Math.max(0, this.last + this.intervalMs() - this.now());
  }

  /** True when a heartbeat is due (and counts it as sent). */
  due(): boolean {
    const t = this.now();
    if (t - this.last < this.intervalMs()) return false;
    this.last = t;
    return true;
  }
}
