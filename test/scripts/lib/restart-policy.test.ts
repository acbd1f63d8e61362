import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../../scripts/lib/restart-policy.js';

describe('RestartPolicy', () => {
  it('backs off exponentially up to a cap, and starts over after a stable run', () => {
    const p = RestartPolicy.withDefaults({ initialDelayMs: 100, maxDelayMs: 350, maxRestartsPerMinute: 100 });
    const delays = [0, 1, 2, 3].map((i) => p.onExit(10, i * 1000));
    assert.deepEqual(
      delays.map((d) => d.delayMs),
      [100, 200, 350, 350],
    );
    assert.deepEqual(p.onExit(120_000, 10_000), { delayMs: 100 });
  });

  it('holds back a child past the restarts-per-minute cap, never gives up, and reports it', () => {
    const p = RestartPolicy.withDefaults({ maxRestartsPerMinute: 3, maxDelayMs: 60_000 });
    for (let i = 0; i < 3; i++) assert.equal(p.onExit(10, i * 100).heldBack, undefined);
    const held = p.onExit(10, 500);
    assert.deepEqual(held, { delayMs: 4_000, heldBack: '3 restarts within a minute' });
    // Still restarted, later each time, up to the cap.
    let last = held.delayMs;
    for (let i = 0; i < 10; i++) {
      const d = p.onExit(10, 600 + i);
      assert.ok(d.delayMs >= last && d.delayMs <= 60_000);
      last = d.delayMs;
    }
    assert.equal(last, 60_000);
  });
});
