// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { http, waitForResult } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';
import { readSse } from '../../runtime/sse-client.js';

describe('POST /agents/run on a bundled model (real tools worker)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ models: ['gemma3-270m'], api: true });
  });
  after(async () => {
    await stack?.teardown();
  });

  it('calls math.evaluate through its grammar and answers with the result; the call is in the result and the stream', async () => {
    const started = await http('POST', `${stack.baseUrl}/agents/run`, {
      goal: 'What is 1234 * 5678 + 91? Use the calculator.',
      tools: ['math.evaluate'],
      model: 'gemma3-270m',
      maxSteps: 3,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const result = await waitForResult(stack.baseUrl, started.body.workflowId, 300_000);
    const run = result.body.result;
    const calls = run.steps.flatMap((s: any) => s.calls ?? []);
    assert.ok(
      calls.some((c: any) => c.tool === 'math.evaluate' && c.status === 'ok' && c.result === '7006743'),
      JSON.stringify(run.steps),
    );
    assert.match(String(run.answer), /7[,.]?006[,.]?743/);
    assert.ok(run.usage.calls >= 2, 'the turns are counted in usage');
    // A closed run replays its whole stream.
    const sse = await readSse(
      `${stack.baseUrl}/workflows/${encodeURIComponent(started.body.workflowId)}/events`,
    );
    const events = sse.events.map((e) => JSON.parse(e.data));
    const kinds = events.map((e: any) => `${e.type} ${e.path}`);
    assert.ok(kinds.includes('agent.turn steps/1'), kinds.join('\n'));
    assert.ok(
      events.some(
        (e: any) => e.type === 'tool.result' && e.tool === 'math.evaluate' && e.result === '7006743',
      ),
      kinds.join('\n'),
    );
  });
});
