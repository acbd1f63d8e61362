// When to restart a child that died: exponential backoff, reset once it has run a while. A child
// that keeps dying is held back with growing delays, never given up on: one failing worker must
// not take the API, the server and the other workers down with it.

export interface RestartPolicyOptions {
  initialDelayMs?: number;
  /** The longest a child that keeps dying waits before its next start. */
  maxDelayMs?: number;
  /** A child that ran this long before dying starts again from the initial delay. */
  stableAfterMs?: number;
  /** More restarts than this within a minute: the child is reported as held back. */
  maxRestartsPerMinute?: number;
}

export interface RestartDecision {
  delayMs: number;
  /** Set when the child keeps dying (the restarts of the last minute passed the cap). */
  heldBack?: string;
}

export class RestartPolicy {
  private readonly restarts: number[] = [];
  private delayMs: number;

  constructor(private readonly options: Required<RestartPolicyOptions>) {
    this.delayMs = options.initialDelayMs;
  }

  static withDefaults(options: RestartPolicyOptions = {}): RestartPolicy {
    return new RestartPolicy({
      initialDelayMs: 500,
      maxDelayMs: 60_000,
      stableAfterMs: 60_000,
      maxRestartsPerMinute: 5,
      ...options,
    });
  }

  /** Called when the child exited after running `ranMs`; `now` for tests. */
  onExit(ranMs: number, now = Date.now()): RestartDecision {
    if (ranMs >= this.options.stableAfterMs) this.delayMs = this.options.initialDelayMs;
    while (this.restarts.length > 0 && now - this.restarts[0]! > 60_000) this.restarts.shift();
    const recent = this.restarts.length;
    this.restarts.push(now);
    const delayMs = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.maxDelayMs);
    return recent >= this.options.maxRestartsPerMinute
      ? { delayMs, heldBack: `${recent} restarts within a minute` }
      : { delayMs };
  }
}
