import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../../api/create-app.js';
import { STREAM_EVENTS_EXAMPLE } from '../../api/pipelines/stream-schemas.js';
import { loadConfig } from '../../config/app-config.js';
import { streamWorkflowId } from '../../workflows/contracts/index.js';
import { until } from '../../scripts/lib/child-processes.js';
import { http } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

// Two deployments (task-queue prefixes) on one Temporal namespace: every route that addresses a
// run by id or name, walked from the OpenAPI document as the other deployment, answers 404 and
// changes nothing (a stream is neither written to nor drained).
describe('ownership: another deployment cannot see or touch these runs', () => {
  let stack: Stack;
  let other: NestFastifyApplication;
  let otherUrl = '';
  const streamName = `owned-${Date.now()}`;
  let echoId = '';

  before(async () => {
    stack = await startStack({ api: true });
    other = await createApp(
      loadConfig({
        ...process.env,
        TEMPORAL_ADDRESS: stack.env.address,
        TASK_QUEUE_PREFIX: 'another-deployment',
      }),
      false,
    );
    await other.listen(0, '127.0.0.1');
    otherUrl = `http://127.0.0.1:${(other.getHttpServer().address() as AddressInfo).port}`;
    const echo = await http('POST', `${stack.baseUrl}/workflows/echo`, { message: 'mine' });
    assert.equal(echo.status, 201);
    echoId = echo.body.workflowId as string;
    const stream = await http('POST', `${stack.baseUrl}/pipelines/streams`, {
      name: streamName,
      analyzer: { activity: 'text.wordCount' },
    });
    assert.equal(stream.status, 201, JSON.stringify(stream.body));
    await until(
      async () => (await http('GET', `${stack.baseUrl}/pipelines/streams/${streamName}`)).status === 200,
      30_000,
      'the stream to answer its state',
      100,
    );
  });
  after(async () => {
    await other?.close();
    await stack?.teardown();
  });

  it('answers 404 on every addressed route of its OpenAPI document', async () => {
    const doc = (await http('GET', `${otherUrl}/docs-json`)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const walked: string[] = [];
    for (const [template, methods] of Object.entries(doc.paths)) {
      const params: string[] = template.match(/\{[^}]+\}/g) ?? [];
      if (params.length === 0) continue;
      // Each run this deployment owns, by the id or name the route takes.
      const targets = params.includes('{name}') ? [streamName] : [echoId, streamWorkflowId(streamName)];
      for (const method of Object.keys(methods)) {
        for (const target of targets) {
          const path = template.replace(/\{[^}]+\}/g, encodeURIComponent(target));
          const body =
            method !== 'post'
              ? undefined
              : path.endsWith('/events')
                ? STREAM_EVENTS_EXAMPLE
                : template.includes('/approvals/')
                  ? { approved: true }
                  : undefined;
          const r = await http(method.toUpperCase(), `${otherUrl}${path}`, body);
          assert.equal(
            r.status,
            404,
            `${method.toUpperCase()} ${path}: ${r.status} ${JSON.stringify(r.body)}`,
          );
          walked.push(`${method.toUpperCase()} ${template}`);
        }
      }
    }
    for (const route of [
      'GET /workflows/{id}',
      'GET /workflows/{id}/result',
      'GET /workflows/{id}/input',
      'GET /workflows/{id}/stream',
      'POST /workflows/{id}/cancel',
      'POST /pipelines/streams/{name}/events',
      'GET /pipelines/streams/{name}',
      'DELETE /pipelines/streams/{name}',
      'GET /workflows/{id}/events',
      'POST /workflows/{id}/approvals/{gate}',
    ])
      assert.ok(walked.includes(route), `walked ${route}`);
  });

  it('left the runs untouched: no event delivered, the stream still running, the echo still visible', async () => {
    const state = await http('GET', `${stack.baseUrl}/pipelines/streams/${streamName}`);
    assert.equal(state.status, 200);
    assert.equal(state.body.status, 'running');
    assert.equal(state.body.accepted, 0);
    const echo = await http('GET', `${stack.baseUrl}/workflows/${encodeURIComponent(echoId)}`);
    assert.equal(echo.status, 200);
    // The listing of the other deployment does not show them either.
    const list = await http('GET', `${otherUrl}/workflows`);
    assert.equal(list.status, 200);
    assert.ok(!JSON.stringify(list.body).includes(echoId));
  });
});
