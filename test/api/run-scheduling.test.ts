import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { activityCompletions, completionOrder, shareOf } from '../helpers/activity-completions.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const delays = (n: number, ms: number) => ({
  tasks: Array.from({ length: n }, (_, i) => ({
    id: `t${i}`,
    activity: 'util.delay',
    input: { ms, value: i },
  })),
  policy: { mode: 'all' },
});

// Task priority and fairness on a saturated queue (one CPU slot), set per run at the API and
// inherited by the run's activities.
describe('run priority and fairness', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, env: { CPU_WORKER_CONCURRENCY: '1' } });
  });
  after(() => stack?.teardown());

  const start = async (query: string, body: unknown) => {
    const r = await http('POST', `${stack.baseUrl}/workflows/scatter-gather?${query}`, body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return stack.env.client.workflow.getHandle(r.body.workflowId as string);
  };

  it('a priority-1 run started behind a backlog of priority-5 work finishes first', async () => {
    const backlog = await start('priority=5', delays(12, 150));
    await new Promise((r) => setTimeout(r, 400)); // the backlog is queued (one task runs)
    const urgentAt = Date.now();
    const urgent = await start('priority=1', delays(2, 150));
    await Promise.all([backlog.result(), urgent.result()]);
    const [late, first] = await Promise.all([activityCompletions(backlog), activityCompletions(urgent)]);
    const urgentDone = Math.max(...first);
    const queued = late.filter((t) => t > urgentAt).length;
    const overtaken = late.filter((t) => t > urgentDone).length;
    // In arrival order it would finish after all of them; by priority, once the one running (and
    // at most one already handed to the worker) are done.
    assert.ok(queued >= 8, `${queued} tasks still queued`);
    assert.ok(
      overtaken >= queued - 3,
      `only ${overtaken} of ${queued} queued tasks finished after the priority-1 run`,
    );
    const described = await urgent.describe();
    assert.equal(described.raw.workflowExecutionInfo?.priority?.priorityKey, 1);
  });

  it('two fairness keys weighted 3:1 share a saturated queue 3:1', async () => {
    const [heavy, light] = await Promise.all([
      start('fairnessKey=tenant-a&fairnessWeight=3', delays(40, 40)),
      start('fairnessKey=tenant-b&fairnessWeight=1', delays(40, 40)),
    ]);
    await Promise.all([heavy.result(), light.result()]);
    const order = await completionOrder([heavy, light]);
    // While both have a backlog (past the first few, handed out as they arrived): 3:1.
    const share = shareOf(order, 'a', 4, 44);
    assert.ok(share >= 0.65 && share <= 0.85, `tenant-a had ${share} of completions 5–44: ${order}`);
  });

  it('refuses bad scheduling parameters with a 400 naming them', async () => {
    for (const [query, field] of [
      ['priority=0', 'query.priority'],
      ['priority=six', 'query.priority'],
      ['fairnessWeight=0', 'query.fairnessWeight'],
      [`fairnessKey=${'k'.repeat(65)}`, 'query.fairnessKey'],
    ]) {
      const r = await http('POST', `${stack.baseUrl}/workflows/echo?${query}`, { message: 'x' });
      assert.equal(r.status, 400, query);
      assert.match(JSON.stringify(r.body.message), new RegExp(field!.replace('.', '\\.')), query);
    }
    const ok = await http('POST', `${stack.baseUrl}/workflows/echo?priority=2`, { message: 'x' });
    assert.equal(ok.status, 201);
    assert.equal((await waitForResult(stack.baseUrl, ok.body.workflowId)).body.status, 'COMPLETED');
  });
});
