// When to restart a child that died: exponential backoff, reset once it has run a while, and a
// cap on restarts per minute past which restarting is pointless (it crashes at once each time).

export interface RestartPolicyOptions {
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** A child that ran this long before dying starts again from the initial delay. */
  stableAfterMs?: number;
  maxRestartsPerMinute?: number;
}

export type RestartDecision = { restart: true; delayMs: number } | { restart: false; reason: string };

export class RestartPolicy {
  private readonly restarts: number[] = [];
  private delayMs: number;

  constructor(private readonly options: Required<RestartPolicyOptions>) {
    this.delayMs = options.initialDelayMs;
  }

  static withDefaults(options: RestartPolicyOptions = {}): RestartPolicy {
    return new RestartPolicy({
      initialDelayMs: 500,
      maxDelayMs: 30_000,
      stableAfterMs: 60_000,
      maxRestartsPerMinute: 5,
      ...options,
    });
  }

  /** Called when the child exited after running `ranMs`; `now` for tests. */
  onExit(ranMs: number, now = Date.now()): RestartDecision {
    if (ranMs >= this.options.stableAfterMs) this.delayMs = this.options.initialDelayMs;
    while (this.restarts.length > 0 && now - this.restarts[0]! > 60_000) this.restarts.shift();
    if (this.restarts.length >= this.options.maxRestartsPerMinute) {
      return { restart: false, reason: `${this.restarts.length} restarts within a minute` };
    }
    this.restarts.push(now);
    const delayMs = this.delayMs;
    this.delayMs = Math.min(this.delayMs * 2, this.options.maxDelayMs);
    return { restart: true, delayMs };
  }
}
