import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pendingApprovalsQuery } from '../../workflows/contracts/index.js';
import type { LiveEvent } from '../../workflows/contracts/index.js';
import { until } from '../../scripts/lib/child-processes.js';
import { http } from '../../runtime/http-client.js';
import { readSse } from '../../runtime/sse-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const KEY = 'key-of-alice-0123456789abcdef';

// People in the loop: a DAG node that waits for a decision made through the API.
describe('approval gates (real dev server and workers)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, env: { API_KEYS: `alice:${KEY}`, RATE_LIMIT_PER_MINUTE: '0' } });
  });
  after(async () => {
    await stack?.teardown();
  });

  const call = (method: string, path: string, body?: unknown, key: string | null = KEY) =>
    http(method, `${stack.baseUrl}${path}`, body, undefined, key ? { authorization: `Bearer ${key}` } : {});
  const startDag = async (spec: unknown) => {
    const r = await call('POST', '/workflows/dag', spec);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.workflowId as string;
  };
  const listed = async (id: string) =>
    ((await call('GET', '/approvals')).body.approvals as Array<{ workflowId: string; gate: string }>).filter(
      (a) => a.workflowId === id,
    );
  const result = async (id: string) =>
    (await call('GET', `/workflows/${encodeURIComponent(id)}/result?waitMs=30000`)).body;
  const review = (extra: Record<string, unknown> = {}) => ({
    id: 'review',
    dependsOn: ['draft'],
    approval: { title: 'Check the draft', details: { $from: 'draft' }, ...extra },
  });

  it('waits in one branch while the others finish; an approval with edits flows downstream', async () => {
    const id = await startDag({
      nodes: [
        { id: 'draft', activity: 'util.echo', input: 'first draft' },
        { id: 'other', activity: 'util.delay', input: { ms: 200, value: 'done meanwhile' } },
        review(),
        { id: 'publish', activity: 'util.echo', dependsOn: ['review'], input: { $from: 'review.value' } },
      ],
    });
    await until(async () => (await listed(id)).length === 1, 30_000, 'the gate to be listed', 100);
    const [gate] = (await call('GET', '/approvals')).body.approvals.filter(
      (a: { workflowId: string }) => a.workflowId === id,
    );
    assert.equal(gate.gate, 'review');
    assert.equal(gate.title, 'Check the draft');
    assert.equal(gate.details, 'first draft');
    assert.equal(gate.links.decide, `/workflows/${encodeURIComponent(id)}/approvals/review`);
    // The parallel branch finishes while the gate waits.
    await until(
      async () => {
        const d = await call('GET', `/workflows/${encodeURIComponent(id)}`);
        return d.body.progress?.nodes?.other?.status === 'succeeded';
      },
      30_000,
      'the other branch to finish',
      100,
    );
    const decided = await call('POST', `/workflows/${encodeURIComponent(id)}/approvals/review`, {
      approved: true,
      comment: 'Better now.',
      edits: 'edited draft',
    });
    assert.equal(decided.status, 200, JSON.stringify(decided.body));
    assert.equal(decided.body.decision.by, 'alice');
    assert.equal(decided.body.decision.approved, true);
    const again = await call('POST', `/workflows/${encodeURIComponent(id)}/approvals/review`, {
      approved: false,
    });
    assert.ok(again.status === 409, `a second decision: ${again.status} ${JSON.stringify(again.body)}`);
    const r = await result(id);
    assert.equal(r.status, 'COMPLETED', JSON.stringify(r));
    assert.equal(r.result.nodes.publish.output, 'edited draft');
    assert.equal(r.result.nodes.review.output.value, 'edited draft');
    assert.equal(r.result.nodes.review.output.comment, 'Better now.');
    assert.deepEqual(await listed(id), [], 'no longer listed');
  });

  it('a rejection fails the node and skips its dependents under "continue"; events tell who decided', async () => {
    const id = await startDag({
      onNodeFailure: 'continue',
      nodes: [
        { id: 'draft', activity: 'util.echo', input: 'a draft' },
        review(),
        { id: 'publish', activity: 'util.echo', dependsOn: ['review'], input: { $from: 'review.value' } },
        { id: 'archive', activity: 'util.echo', dependsOn: ['draft'], input: 'archived' },
      ],
    });
    const events: LiveEvent[] = [];
    const reading = readSse(`${stack.baseUrl}/workflows/${encodeURIComponent(id)}/events`, {
      headers: { authorization: `Bearer ${KEY}` },
      onEvent: (e) => events.push(JSON.parse(e.data) as LiveEvent),
    });
    await until(async () => (await listed(id)).length === 1, 30_000, 'the gate to be listed', 100);
    const no = await call('POST', `/workflows/${encodeURIComponent(id)}/approvals/review`, {
      approved: false,
      comment: 'Not this one.',
    });
    assert.equal(no.status, 200);
    await reading;
    const r = await result(id);
    assert.equal(r.result.nodes.review.status, 'failed');
    assert.match(r.result.nodes.review.error, /rejected by alice: Not this one\./);
    assert.equal(r.result.nodes.publish.status, 'skipped');
    assert.equal(r.result.nodes.archive.status, 'succeeded');
    const kinds = events.map((e) => `${e.type} ${e.path}`);
    assert.ok(kinds.includes('approval.requested approvals/review'), kinds.join('\n'));
    assert.ok(kinds.includes('approval.decided approvals/review'));
    const { at, ...decided } = events.find((e) => e.type === 'approval.decided')!;
    assert.deepEqual(decided, {
      type: 'approval.decided',
      path: 'approvals/review',
      approved: false,
      by: 'alice',
    });
    assert.equal(typeof at, 'number');
  });

  it('a timeout decides as onTimeout says', async () => {
    const approveId = await startDag({
      nodes: [
        { id: 'draft', activity: 'util.echo', input: 'x' },
        review({ timeoutMs: 1_000, onTimeout: 'approve' }),
      ],
    });
    const failId = await startDag({
      nodes: [{ id: 'draft', activity: 'util.echo', input: 'x' }, review({ timeoutMs: 1_000 })],
    });
    const approved = await result(approveId);
    assert.equal(approved.status, 'COMPLETED');
    assert.equal(approved.result.nodes.review.output.by, 'timeout');
    assert.equal(approved.result.nodes.review.output.approved, true);
    const failed = await result(failId);
    assert.equal(failed.status, 'FAILED');
    assert.match(JSON.stringify(failed.error), /not decided within 1000 ms/);
  });

  it('answers 404, 400 and 401 where they belong', async () => {
    const id = await startDag({ nodes: [{ id: 'draft', activity: 'util.echo', input: 'x' }, review()] });
    await until(async () => (await listed(id)).length === 1, 30_000, 'the gate to be listed', 100);
    const path = `/workflows/${encodeURIComponent(id)}/approvals`;
    assert.equal((await call('POST', `${path}/nope`, { approved: true })).status, 404);
    assert.equal(
      (await call('POST', `/workflows/no-such-run/approvals/review`, { approved: true })).status,
      404,
    );
    const badBody = await call('POST', `${path}/review`, { approved: 'yes' });
    assert.equal(badBody.status, 400);
    assert.match(JSON.stringify(badBody.body.message), /body\.approved/);
    assert.equal((await call('POST', `${path}/bad%20gate`, { approved: true })).status, 400);
    assert.equal((await call('POST', `${path}/review`, { approved: true }, null)).status, 401);
    assert.equal((await call('GET', '/approvals', undefined, null)).status, 401);
    const spec = await call('POST', '/workflows/dag', {
      nodes: [{ id: 'a', approval: { title: 'x', onTimeout: 'approve' }, activity: 'util.echo' }],
    });
    assert.equal(spec.status, 400);
    assert.match(JSON.stringify(spec.body.message), /approval/);
    await call('POST', `/workflows/${encodeURIComponent(id)}/cancel`);
  });
});

// The wait is durable: the server and every worker go away while a gate waits, and come back.
describe('an approval gate across a restart of the dev server and the workers', () => {
  it('waits through the restart, then completes when approved', { timeout: 120_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'approval-restart-'));
    const env = { TASK_QUEUE_PREFIX: `restart-${Date.now()}`, RATE_LIMIT_PER_MINUTE: '0' };
    const dbFile = join(dir, 'temporal.sqlite');
    let stack = await startStack({ dbFile, env });
    try {
      const handle = await stack.start('dagWorkflow', {
        nodes: [
          { id: 'draft', activity: 'util.echo', input: 'before the restart' },
          { id: 'review', dependsOn: ['draft'], approval: { title: 'Check', details: { $from: 'draft' } } },
          { id: 'after', activity: 'util.echo', dependsOn: ['review'], input: { $from: 'review.value' } },
        ],
      });
      await until(
        async () => (await handle.query(pendingApprovalsQuery).catch(() => [])).length === 1,
        30_000,
        'the gate to open',
        100,
      );
      await stack.teardown();
      stack = await startStack({ dbFile, env, api: true });
      let listed = false;
      await until(
        async () => {
          const r = await fetch(`${stack.baseUrl}/approvals`);
          const body = (await r.json()) as { approvals: Array<{ workflowId: string }> };
          listed = body.approvals.some((a) => a.workflowId === handle.workflowId);
          return listed;
        },
        30_000,
        'the gate to be listed after the restart',
        200,
      );
      const decided = await fetch(
        `${stack.baseUrl}/workflows/${encodeURIComponent(handle.workflowId)}/approvals/review`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ approved: true }),
        },
      );
      assert.equal(decided.status, 200, await decided.text());
      const result = (await stack.env.client.workflow.getHandle(handle.workflowId).result()) as {
        nodes: Record<string, { output: unknown }>;
      };
      assert.equal(result.nodes.after!.output, 'before the restart');
    } finally {
      await stack.teardown();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
