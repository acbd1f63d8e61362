import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { http } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

// /health reads each task queue's pollers; the dev server's short long polls make a dead
// worker's poller stale within seconds, not after a minute and a half.
describe('/health follows worker liveness within seconds', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, env: { HEALTH_POLLER_FRESH_MS: '8000' } });
  });
  after(async () => {
    await stack?.teardown();
  });

  const cpuStatus = async () => {
    const r = await http('GET', `${stack.baseUrl}/health`);
    return (r.body.details ?? r.body.info ?? r.body.error)?.['cpu-worker']?.status as string | undefined;
  };

  it('a stopped CPU worker shows as down within 10 s', async () => {
    const deadline = Date.now() + 15_000;
    while ((await cpuStatus()) !== 'up') {
      assert.ok(Date.now() < deadline, 'the CPU worker shows as up first');
      await new Promise((r) => setTimeout(r, 250));
    }
    stack.cpuWorker!.shutdown();
    const stoppedAt = Date.now();
    while ((await cpuStatus()) !== 'down') {
      assert.ok(
        Date.now() - stoppedAt < 10_000,
        `still up ${Date.now() - stoppedAt} ms after the worker stopped`,
      );
      await new Promise((r) => setTimeout(r, 250));
    }
    const r = await http('GET', `${stack.baseUrl}/health`);
    assert.equal(r.status, 503);
  });
});
