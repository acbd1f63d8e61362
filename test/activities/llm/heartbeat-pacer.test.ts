import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HeartbeatPacer } from '../../../activities/llm/heartbeat-pacer.js';

describe('HeartbeatPacer', () => {
  it('heartbeats a lone request every 250 ms and slows down as the model gets busy', () => {
    let busy = 1;
    let now = 10_000;
    const pacer = new HeartbeatPacer(
      () => busy,
      250,
      8,
      () => now,
    );
    assert.equal(pacer.intervalMs(), 250);
    assert.equal(pacer.due(), true);
    now += 200;
    assert.equal(pacer.due(), false);
    now += 50;
    assert.equal(pacer.due(), true);
    busy = 16;
    assert.equal(pacer.intervalMs(), 2000, '16 requests share 8 heartbeats a second');
    now += 1000;
    assert.equal(pacer.due(), false);
    now += 1000;
    assert.equal(pacer.due(), true);
  });
});
