// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { completionOrder, shareOf } from '../helpers/activity-completions.js';
import { http } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const SMOL = 'smollm2-135m';

// Fairness on a saturated model queue: one sequence, two tenants weighted 3:1.
describe('fairness on a model queue', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, models: [SMOL], env: { LLM_SEQUENCES: '1' } });
  });
  after(() => stack?.teardown());

  it('two fairness keys weighted 3:1 get 3:1 of the model calls while both wait', async () => {
    const calls = (n: number) => ({
      tasks: Array.from({ length: n }, (_, i) => ({
        id: `c${i}`,
        activity: 'llm.generate',
        input: { model: SMOL, prompt: `Say ${i}.`, maxTokens: 1 },
      })),
      policy: { mode: 'all' },
    });
    const started = await Promise.all(
      ['fairnessKey=tenant-a&fairnessWeight=3', 'fairnessKey=tenant-b&fairnessWeight=1'].map(async (q) => {
        const r = await http('POST', `${stack.baseUrl}/workflows/scatter-gather?${q}`, calls(24));
        assert.equal(r.status, 201, JSON.stringify(r.body));
        return stack.env.client.workflow.getHandle(r.body.workflowId as string);
      }),
    );
    await Promise.all(started.map((h) => h.result()));
    const order = await completionOrder(started);
    const share = shareOf(order, 'a', 4, 28);
    assert.ok(share >= 0.65 && share <= 0.85, `tenant-a had ${share} of calls 5–28: ${order}`);
  });
});
