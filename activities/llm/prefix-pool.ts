import { abortError } from './abort-signals.js';

/**
 * A pool of sequences that remembers what each one holds. llama.cpp keeps the evaluated tokens of
 * a sequence (its KV cache); a request whose prompt starts like what a free sequence already holds
 * evaluates only the rest. So a request takes the free sequence sharing the longest prefix with its
 * prompt, and a sequence freed up goes to the waiting request that shares the most with it — the
 * four analyses of one document, the claim checks of one source and the records of one batch
 * evaluate their common instructions once per sequence instead of once per call.
 *
 * More requests than sequences wait instead of failing; a waiter that has waited longer than
 * `fairAfterMs` goes first whatever it shares, so a stream of similar requests cannot starve a
 * different one. Without reuse (LLM_PREFIX_REUSE=off) it is a plain FIFO pool and every request
 * starts from an empty sequence.
 */
export interface PrefixPoolOptions<S> {
  size: number;
  /** Makes a new slot (a sequence of the context); called lazily, up to `size` times. */
  create: () => S;
  /** The tokens a slot's state holds now. */
  tokensOf: (slot: S) => readonly number[];
  reuse: boolean;
  fairAfterMs?: number;
  now?: () => number;
}

export interface Lease<S> {
  slot: S;
  /** Leading prompt tokens the slot already holds (0 without reuse). */
  shared: number;
}

interface Waiter<S> {
  prompt: readonly number[];
  since: number;
  grant: (lease: Lease<S>) => void;
}

/** How many leading tokens two sequences have in common. */
export function commonPrefix(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

export class PrefixPool<S> {
  private readonly free: S[] = [];
  private readonly waiters: Array<Waiter<S>> = [];
  private created = 0;
  private busy = 0;
  private readonly fairAfterMs: number;
  private readonly now: () => number;

  constructor(private readonly options: PrefixPoolOptions<S>) {
    if (!Number.isInteger(options.size) || options.size < 1)
      throw new Error(`pool size must be a positive integer, got ${options.size}`);
    this.fairAfterMs = options.fairAfterMs ?? 2_000;
    this.now = options.now ?? (() => performance.now());
  }

  get size(): number {
    return this.options.size;
  }

  /** Whether leases share prefixes (LLM_PREFIX_REUSE). */
  get reuses(): boolean {
    return this.options.reuse;
  }

  get inUse(): number {
    return this.busy;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  /** What a prompt shares with a slot, as the pool counts it (0 without reuse). */
  private shared(slot: S, prompt: readonly number[]): number {
    return this.options.reuse ? commonPrefix(this.options.tokensOf(slot), prompt) : 0;
  }

  acquire(prompt: readonly number[], signal?: AbortSignal): Promise<Lease<S>> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.waiters.length === 0) {
      const lease = this.takeFree(prompt);
      if (lease) return Promise.resolve(lease);
    }
    return new Promise<Lease<S>>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortError(signal));
      };
      const waiter: Waiter<S> = {
        prompt,
        since: this.now(),
        grant: (lease) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(lease);
        },
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Returns a slot. `keep: false` drops it (its state cannot be trusted: the library lost a decode
   * on it); a new one is made when needed.
   */
  release(slot: S, keep = true): void {
    this.busy--;
    if (!keep) this.created--;
    if (this.waiters.length === 0) {
      if (keep) this.free.push(slot);
      return;
    }
    const waiter = this.pickWaiter(keep ? slot : undefined);
    if (keep) {
      this.busy++;
      waiter.grant({ slot, shared: this.shared(slot, waiter.prompt) });
    } else {
      const lease = this.takeFree(waiter.prompt)!;
      waiter.grant(lease);
    }
  }

  /** The free slot sharing the most with the prompt, else a new one, else the least recently freed. */
  private takeFree(prompt: readonly number[]): Lease<S> | undefined {
    let best = -1;
    let bestShared = 0;
    this.free.forEach((slot, i) => {
      const shared = this.shared(slot, prompt);
      if (shared > bestShared) [best, bestShared] = [i, shared];
    });
    let slot: S;
    if (best >= 0) slot = this.free.splice(best, 1)[0]!;
    else if (this.created < this.options.size) {
      // Keep the free slots' states for prompts that share them.
      slot = this.options.create();
      this.created++;
    } else if (this.free.length > 0) slot = this.free.shift()!;
    else return undefined;
    this.busy++;
    return { slot, shared: best >= 0 ? bestShared : 0 };
  }

  /** The waiter a freed slot goes to: an overdue one first, else the one sharing the most with it. */
  private pickWaiter(slot: S | undefined): Waiter<S> {
    let index = 0;
    const head = this.waiters[0]!;
    if (slot !== undefined && this.now() - head.since < this.fairAfterMs) {
      let most = this.shared(slot, head.prompt);
      this.waiters.forEach((w, i) => {
        const shared = this.shared(slot, w.prompt);
        if (shared > most) [index, most] = [i, shared];
      });
    }
    return this.waiters.splice(index, 1)[0]!;
  }
}
