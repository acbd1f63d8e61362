import { abortError } from './abort-signals.js';

/**
 * A counting semaphore with a FIFO queue. The sequence pool uses it so that more concurrent
 * requests than a context has sequences wait their turn instead of failing with
 * "No sequences left". Waiters can give up through an AbortSignal.
 */
export class Semaphore {
  private available: number;
  private readonly waiters: Array<{ grant: () => void; reject: (err: Error) => void }> = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1)
      throw new Error(`semaphore size must be a positive integer, got ${size}`);
    this.available = size;
  }

  get inUse(): number {
    return this.size - this.available;
  }

  get waiting(): number {
    return this.waiters.length;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.available > 0 && this.waiters.length === 0) {
      this.available--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        reject(abortError(signal));
      };
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject,
      };
      this.waiters.push(waiter);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.grant();
    else if (this.available < this.size) this.available++;
    else throw new Error('semaphore released more often than acquired');
  }

  /** Runs `fn` holding one permit; the permit is returned however `fn` ends. */
  async use<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }
}
