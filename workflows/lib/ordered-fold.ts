import type { ReducerSpec } from '../contracts/index.js';
import { isInProcessReducer, reduceValues } from './reduce-values.js';

export interface Partial {
  has: boolean;
  value?: unknown;
}

/**
 * Folds results that arrive out of order, in their original order, with an associative reducer
 * activity: each call folds the accumulator with up to `fanIn` contiguous results, so the
 * partials form a reduction tree of bounded width and the order of items is kept.
 */
export class OrderedFold {
  private readonly arrived = new Map<number, Partial>();
  private cursor = 0;
  private ready: unknown[] = [];
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly reducer: ReducerSpec,
    private readonly fanIn: number,
    private acc: Partial = { has: false },
  ) {}

  /** Result number `seq` (0, 1, 2, ... in source order). */
  add(seq: number, result: Partial): void {
    this.arrived.set(seq, result);
    while (this.arrived.has(this.cursor)) {
      const next = this.arrived.get(this.cursor)!;
      this.arrived.delete(this.cursor++);
      if (next.has) this.ready.push(next.value);
    }
    if (this.ready.length >= this.fanIn) this.foldReady();
  }

  private foldReady(): void {
    const values = this.ready;
    this.ready = [];
    this.chain = this.chain.then(async () => {
      const list = this.acc.has ? [this.acc.value, ...values] : values;
      // One value of an in-process reducer is already folded; an LLM reducer always merges (a
      // batch hands it a raw list of outputs).
      const folded = list.length === 1 && isInProcessReducer(this.reducer);
      this.acc = { has: true, value: folded ? list[0] : await reduceValues(this.reducer, list) };
    });
    // A failed fold surfaces from finish(); until then it must not count as unhandled.
    this.chain.catch(() => undefined);
  }

  /** Folds whatever is left and returns the accumulated partial. */
  async finish(): Promise<Partial> {
    if (this.arrived.size > 0)
      throw new Error(`fold finished with ${this.arrived.size} results out of order`);
    if (this.ready.length > 0) this.foldReady();
    await this.chain;
    return this.acc;
  }
}
