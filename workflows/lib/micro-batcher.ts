import { condition } from '@temporalio/workflow';

/** An item with the (workflow) time it was accepted. */
export interface Buffered<T> {
  item: T;
  acceptedAtMs: number;
}

export interface MicroBatcherOptions<T> {
  /** A batch is cut when it has this many items… */
  maxItems: number;
  /** …or when its first item has waited this long. */
  maxWaitMs: number;
  /** Batches processed at once; the next batch fills meanwhile. */
  maxConcurrency: number;
  /** Items accepted but not yet processed (buffered or in a running batch) at most. */
  capacity: number;
  /** Processes one batch. Its failures are its own to record: a throw stops the batcher's run. */
  process: (batch: Array<Buffered<T>>) => Promise<void>;
}

/**
 * Micro-batching inside a workflow: items pushed (from an Update or a signal handler) are cut
 * into batches by size or by the age of the batch's first item, and each batch is processed
 * while the next one fills, at most `maxConcurrency` at once. `room()` is what a handler may
 * still accept: callers refuse deliveries beyond it, so nothing accepted is ever dropped.
 */
export class MicroBatcher<T> {
  private readonly pending: Array<Buffered<T>> = [];
  private inFlightItems = 0;
  private batchesInFlight = 0;
  private failure: Error | undefined;

  constructor(private readonly options: MicroBatcherOptions<T>) {}

  get pendingCount(): number {
    return this.pending.length;
  }

  get inFlightCount(): number {
    return this.inFlightItems;
  }

  room(): number {
    return this.options.capacity - this.pending.length - this.inFlightItems;
  }

  push(items: readonly T[]): void {
    const acceptedAtMs = Date.now();
    for (const item of items) this.pending.push({ item, acceptedAtMs });
  }

  /**
   * Cuts and processes batches until `stop()` holds; then cuts what is left at once and
   * returns when every batch has been processed.
   */
  async run(stop: () => boolean): Promise<void> {
    const { maxItems, maxWaitMs, maxConcurrency } = this.options;
    const full = () => this.pending.length >= maxItems || stop() || this.failure !== undefined;
    for (;;) {
      await condition(() => this.pending.length > 0 || stop() || this.failure !== undefined);
      this.throwFailure();
      if (this.pending.length === 0) break;
      const waitMs = this.pending[0]!.acceptedAtMs + maxWaitMs - Date.now();
      if (!full() && waitMs > 0) await condition(full, waitMs);
      await condition(() => this.batchesInFlight < maxConcurrency || this.failure !== undefined);
      this.throwFailure();
      this.launch(this.pending.splice(0, maxItems));
    }
    await condition(() => this.batchesInFlight === 0);
    this.throwFailure();
  }

  private launch(batch: Array<Buffered<T>>): void {
    this.batchesInFlight++;
    this.inFlightItems += batch.length;
    this.options
      .process(batch)
      .catch((err: unknown) => {
        this.failure ??= err instanceof Error ? err : new Error(String(err));
      })
      .finally(() => {
        this.batchesInFlight--;
        this.inFlightItems -= batch.length;
      });
  }

  private throwFailure(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}
