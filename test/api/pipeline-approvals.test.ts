// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { until } from '../../scripts/lib/child-processes.js';
import { http } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const MODELS = ['smollm2-135m', 'gemma3-270m'];

// A person inside a pipeline: picking the consensus answer, approving (and editing) an agents plan.
describe('approvals inside pipelines (real models)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, models: MODELS, env: { LLM_SEQUENCES: '2' } });
  });
  after(async () => {
    await stack?.teardown();
  });

  const started = async (path: string, body: unknown) => {
    const r = await http('POST', `${stack.baseUrl}${path}`, body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.workflowId as string;
  };
  const gateOf = async (id: string, gate: string) => {
    let found: { details: any } | undefined;
    await until(
      async () => {
        const list = (await http('GET', `${stack.baseUrl}/approvals`)).body.approvals as Array<{
          workflowId: string;
          gate: string;
          details: unknown;
        }>;
        found = list.find((a) => a.workflowId === id && a.gate === gate);
        return found !== undefined;
      },
      120_000,
      `gate ${gate}`,
      200,
    );
    return found!;
  };
  const decide = (id: string, gate: string, body: unknown) =>
    http('POST', `${stack.baseUrl}/workflows/${encodeURIComponent(id)}/approvals/${gate}`, body);
  const result = async (id: string) =>
    (await http('GET', `${stack.baseUrl}/workflows/${encodeURIComponent(id)}/result?waitMs=60000`)).body;

  it('consensus: a person picks the best of the parallel answers', async () => {
    const id = await started('/pipelines/consensus', {
      question: 'Name one planet of the solar system.',
      models: MODELS,
      maxTokens: 16,
      judge: { human: true },
    });
    const gate = await gateOf(id, 'judge');
    assert.equal(gate.details.answers.length, 2);
    const bad = await decide(id, 'judge', { approved: true, edits: { bestIndex: 7 } });
    assert.equal(bad.status, 400);
    assert.match(
      JSON.stringify(bad.body.message),
      /body\.edits: edits must be \{ \\"bestIndex\\": 0\.\.1 \}/,
    );
    const ok = await decide(id, 'judge', { approved: true, comment: 'clearer', edits: { bestIndex: 1 } });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const r = await result(id);
    assert.equal(r.status, 'COMPLETED', JSON.stringify(r));
    assert.equal(r.result.best.text, gate.details.answers[1].text);
    assert.equal(r.result.best.why, 'picked by anonymous: clearer');
  });

  it('agents: the plan waits for a person; a bad edit is a 400, a good one is what runs', async () => {
    const id = await started('/pipelines/agents', {
      goal: 'Explain in two sentences what a compiler does.',
      maxSubtasks: 3,
      maxTokens: 32,
      approvePlan: true,
    });
    const gate = await gateOf(id, 'plan');
    assert.ok(Array.isArray(gate.details) && gate.details.length >= 1, JSON.stringify(gate.details));
    const cycle = await decide(id, 'plan', {
      approved: true,
      edits: [
        { id: 'a', agent: 'writer', task: 'one', dependsOn: ['b'] },
        { id: 'b', agent: 'writer', task: 'two', dependsOn: ['a'] },
      ],
    });
    assert.equal(cycle.status, 400);
    assert.match(JSON.stringify(cycle.body.message), /cycle/);
    const unknownAgent = await decide(id, 'plan', {
      approved: true,
      edits: [{ id: 'a', agent: 'pilot', task: 'fly', dependsOn: [] }],
    });
    assert.equal(unknownAgent.status, 400);
    assert.match(JSON.stringify(unknownAgent.body.message), /unknown agent \\"pilot\\"/);
    const edited = [
      { id: 'only', agent: 'writer', task: 'Explain what a compiler does in two sentences.', dependsOn: [] },
    ];
    const ok = await decide(id, 'plan', { approved: true, edits: edited });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const r = await result(id);
    assert.equal(r.status, 'COMPLETED', JSON.stringify(r).slice(0, 2000));
    assert.deepEqual(
      r.result.plan.map((s: { agent: string; task: string }) => [s.agent, s.task]),
      [['writer', edited[0]!.task]],
    );
    assert.equal(r.result.subtasks.length, 1);
    assert.equal(r.result.planApproval.approved, true);
  });
});
