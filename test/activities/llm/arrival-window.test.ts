import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ArrivalWindow } from '../../../activities/llm/arrival-window.js';

describe('ArrivalWindow', () => {
  it('dispatches at once when no request has arrived lately (steps of running generations)', () => {
    let now = 1000;
    const window = new ArrivalWindow(5, 50, () => now);
    assert.equal(window.holdMs(now), 0);
    window.arrived();
    now += 6;
    assert.equal(window.holdMs(now), 0);
  });

  it('holds a batch while a burst is still arriving, up to the cap', () => {
    let now = 0;
    const window = new ArrivalWindow(5, 50, () => now);
    const since = now;
    window.arrived();
    assert.equal(window.holdMs(since), 5);
    for (let i = 0; i < 20; i++) {
      now += 3;
      window.arrived();
    }
    // 60 ms of arrivals every 3 ms: the cap (50 ms from `since`) wins.
    assert.equal(window.holdMs(since), 0);
    now = 40;
    window.arrived();
    now = 42;
    assert.equal(window.holdMs(since), 3);
  });

  it('schedule() calls dispatch on a later cycle, never synchronously', async () => {
    const window = new ArrivalWindow();
    let dispatched = false;
    const done = new Promise<void>((resolve) =>
      window.schedule(() => {
        dispatched = true;
        resolve();
      }),
    );
    assert.equal(dispatched, false);
    await done;
    assert.equal(dispatched, true);
  });
});
