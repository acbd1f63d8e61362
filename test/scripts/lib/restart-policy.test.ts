import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../../scripts/lib/restart-policy.js';

describe('RestartPolicy', () => {
  it('backs off exponentially up to a cap, and starts over after a stable run', () => {
    const p = RestartPolicy.withDefaults({ initialDelayMs: 100, maxDelayMs: 350, maxRestartsPerMinute: 100 });
    const delays = [0, 1, 2, 3].map((i) => p.onExit(10, i * 1000));
    assert.deepEqual(
      delays.map((d) => (d.restart ? d.delayMs : -1)),
      [100, 200, 350, 350],
    );
    assert.deepEqual(p.onExit(120_000, 10_000), { restart: true, delayMs: 100 });
  });

  it('gives up past the restarts-per-minute cap, and allows again a minute later', () => {
    const p = RestartPolicy.withDefaults({ maxRestartsPerMinute: 3 });
    for (let i = 0; i < 3; i++) assert.equal(p.onExit(10, i * 100).restart, true);
    const refused = p.onExit(10, 500);
    assert.deepEqual(refused, { restart: false, reason: '3 restarts within a minute' });
    assert.equal(p.onExit(10, 61_000).restart, true);
  });
});
