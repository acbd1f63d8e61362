/**
 * Paces an activity's heartbeats by how many requests share the model. Cancellation reaches
 * an activity only through a heartbeat, so a lone request heartbeats often (it stops fast);
 * but every heartbeat is a server write, and many concurrent generations heartbeating that
 * often take CPU from the decoding itself. The total rate per model stays near a budget.
 */
export class HeartbeatPacer {
  private last = 0;

  constructor(
    private readonly busy: () => number,
    private readonly minIntervalMs = 250,
    private readonly budgetPerSecond = 8,
    private readonly now: () => number = Date.now,
  ) {}

  intervalMs(): number {
    return Math.max(this.minIntervalMs, (Math.max(1, this.busy()) * 1000) / this.budgetPerSecond);
  }

  /** True when a heartbeat is due (and counts it as sent). */
  due(): boolean {
    const t = this.now();
    if (t - this.last < this.intervalMs()) return false;
    this.last = t;
    return true;
  }
}
