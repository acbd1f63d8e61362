import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Semaphore } from '../../../activities/llm/semaphore.js';

describe('Semaphore', () => {
  it('lets at most `size` holders in and queues the rest in FIFO order', async () => {
    const sem = new Semaphore(2);
    const order: number[] = [];
    let active = 0;
    let peak = 0;
    await Promise.all(
      [0, 1, 2, 3, 4].map((i) =>
        sem.use(async () => {
          order.push(i);
          active++;
          peak = Math.max(peak, active);
          await new Promise((r) => setTimeout(r, 5));
          active--;
        }),
      ),
    );
    assert.equal(peak, 2);
    assert.deepEqual(order, [0, 1, 2, 3, 4]);
    assert.equal(sem.inUse, 0);
  });

  it('releases the permit when the holder throws', async () => {
    const sem = new Semaphore(1);
    await assert.rejects(
      sem.use(() => Promise.reject(new Error('boom'))),
      /boom/,
    );
    assert.equal(sem.inUse, 0);
    assert.equal(await sem.use(() => Promise.resolve(7)), 7);
  });

  it('drops an aborted waiter without consuming a permit', async () => {
    const sem = new Semaphore(1);
    await sem.acquire();
    const ac = new AbortController();
    const waiting = sem.acquire(ac.signal);
    assert.equal(sem.waiting, 1);
    ac.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    assert.equal(sem.waiting, 0);
    sem.release();
    assert.equal(sem.inUse, 0);
  });

  it('rejects an invalid size and an unbalanced release', () => {
    assert.throws(() => new Semaphore(0), /positive integer/);
    assert.throws(() => new Semaphore(1).release(), /released more often/);
  });
});
