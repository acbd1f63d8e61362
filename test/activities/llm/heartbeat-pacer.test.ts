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
    assert.equal(pacer.due(), false, 'the first heartbeat waits one interval');
    now += 250;
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

  it('never paces past the cap that keeps heartbeats inside the timeout, and says when one is due', () => {
    let now = 0;
    const pacer = new HeartbeatPacer(
      () => 64,
      250,
      8,
      () => now,
      2_500,
    );
    assert.equal(pacer.intervalMs(), 2_500, '64 requests would pace to 8 s');
    assert.equal(pacer.msUntilDue(), 2_500);
    now = 2_000;
    assert.equal(pacer.msUntilDue(), 500);
    now = 2_600;
    assert.equal(pacer.msUntilDue(), 0);
    assert.equal(pacer.due(), true);
    assert.equal(pacer.msUntilDue(), 2_500);
  });
});
