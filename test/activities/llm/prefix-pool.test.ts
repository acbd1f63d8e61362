import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commonPrefix, PrefixPool } from '../../../activities/llm/prefix-pool.js';

/** A fake sequence: just the tokens its state holds. */
interface Fake {
  id: number;
  tokens: number[];
}

function pool(size: number, reuse = true, now = () => 0) {
  let made = 0;
  return new PrefixPool<Fake>({
    size,
    reuse,
    create: () => ({ id: made++, tokens: [] }),
    tokensOf: (s) => s.tokens,
    now,
  });
}

describe('prefix pool', () => {
  it('counts the common prefix', () => {
    assert.equal(commonPrefix([1, 2, 3], [1, 2, 4]), 2);
    assert.equal(commonPrefix([], [1]), 0);
    assert.equal(commonPrefix([1, 2], [1, 2, 3]), 2);
  });

  it('gives a request the free sequence sharing the longest prefix with its prompt', async () => {
    const p = pool(3);
    const a = await p.acquire([1, 2, 3]);
    const b = await p.acquire([7, 8]);
    const c = await p.acquire([1, 9]);
    a.slot.tokens = [1, 2, 3, 50];
    b.slot.tokens = [7, 8, 51];
    c.slot.tokens = [1, 9, 52];
    for (const l of [a, b, c]) p.release(l.slot);
    const next = await p.acquire([1, 2, 3, 4, 5]);
    assert.equal(next.slot.id, a.slot.id);
    assert.equal(next.shared, 3);
    const other = await p.acquire([7, 8, 9]);
    assert.deepEqual([other.slot.id, other.shared], [b.slot.id, 2]);
  });

  it('makes a new sequence rather than overwrite a warm one when nothing matches', async () => {
    const p = pool(2);
    const a = await p.acquire([1, 2]);
    a.slot.tokens = [1, 2];
    p.release(a.slot);
    const b = await p.acquire([5, 6]);
    assert.notEqual(b.slot.id, a.slot.id);
    assert.equal(b.shared, 0);
    // At capacity with nothing matching: the least recently freed one.
    const c = await p.acquire([9]);
    assert.equal(c.slot.id, a.slot.id);
    assert.equal(c.shared, 0);
  });

  it('hands a freed sequence to the waiter that shares the most with it', async () => {
    const p = pool(1);
    const held = await p.acquire([1, 2, 3]);
    held.slot.tokens = [1, 2, 3, 4];
    const order: string[] = [];
    const unrelated = p.acquire([9, 9]).then((l) => (order.push('unrelated'), l));
    const related = p.acquire([1, 2, 3, 8]).then((l) => (order.push('related'), l));
    p.release(held.slot);
    const got = await related;
    assert.equal(got.shared, 3);
    p.release(got.slot);
    await unrelated;
    assert.deepEqual(order, ['related', 'unrelated']);
  });

  it('serves an overdue waiter first, whatever it shares', async () => {
    let t = 0;
    const p = pool(1, true, () => t);
    const held = await p.acquire([1]);
    held.slot.tokens = [1, 2];
    const old = p.acquire([9]);
    t = 5_000;
    const fresh = p.acquire([1, 2, 3]);
    const order: string[] = [];
    void old.then(() => order.push('old'));
    void fresh.then(() => order.push('fresh'));
    p.release(held.slot);
    const o = await old;
    assert.equal(o.shared, 0);
    p.release(o.slot);
    assert.equal((await fresh).shared, 2);
    assert.deepEqual(order, ['old', 'fresh']);
  });

  it('without reuse, is a FIFO pool whose leases share nothing', async () => {
    const p = pool(1, false);
    const a = await p.acquire([1, 2]);
    a.slot.tokens = [1, 2];
    const first = p.acquire([5]);
    const second = p.acquire([1, 2]);
    p.release(a.slot);
    const f = await first;
    assert.equal(f.shared, 0);
    p.release(f.slot);
    assert.equal((await second).shared, 0);
  });

  it('drops a sequence released as untrusted and makes a new one for the next request', async () => {
    const p = pool(1);
    const a = await p.acquire([1]);
    a.slot.tokens = [1, 2];
    const waiting = p.acquire([1, 2]);
    p.release(a.slot, false);
    const next = await waiting;
    assert.notEqual(next.slot.id, a.slot.id);
    assert.equal(next.shared, 0);
    assert.equal(p.inUse, 1);
  });

  it('lets a waiter give up', async () => {
    const p = pool(1);
    await p.acquire([1]);
    const gaveUp = new AbortController();
    const waiting = p.acquire([2], gaveUp.signal);
    gaveUp.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    assert.equal(p.waiting, 0);
  });
});
