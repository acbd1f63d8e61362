import assert from 'node:assert/strict';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { http } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const KEY = 'test-key-0123456789abcdef';

/** fetch with the test key (or another Authorization header). */
async function call(method: string, url: string, body?: unknown, auth: string | null = `Bearer ${KEY}`) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(auth ? { authorization: auth } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed, headers: res.headers };
}

describe('API security: keys, scope, limits', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      api: true,
      env: { API_KEYS: `other-key,${KEY}`, MAX_BATCHES_PER_REQUEST: '50000' },
    });
  });
  after(async () => {
    await stack?.teardown();
  });
  const url = (path: string) => `${stack.baseUrl}${path}`;

  it('401 without a key or with a wrong one; the key opens every endpoint; /health and the docs stay open', async () => {
    const body = { message: 'hi' };
    const none = await call('POST', url('/workflows/echo'), body, null);
    assert.equal(none.status, 401);
    assert.match(none.body.message, /Authorization: Bearer/);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal((await call('POST', url('/workflows/echo'), body, 'Bearer wrong')).status, 401);
    assert.equal((await call('GET', url('/workflows'), undefined, null)).status, 401);
    assert.equal((await call('GET', url('/models'), undefined, null)).status, 401);
    const ok = await call('POST', url('/workflows/echo'), body);
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal((await call('GET', url('/docs-json'), undefined, null)).status, 200);
    assert.notEqual((await call('GET', url('/health'), undefined, null)).status, 401);
    assert.equal(ok.headers.get('x-powered-by'), null);
    // /metrics follows the same rule, and counts what happened by route pattern and status.
    assert.equal((await call('GET', url('/metrics'), undefined, null)).status, 401);
    const metrics = await call('GET', url('/metrics'));
    assert.equal(metrics.status, 200);
    const text = String(metrics.body);
    assert.match(
      text,
      /^api_http_requests_total\{method="POST",route="\/workflows\/echo",status="201"\} 1$/m,
    );
    // Refused requests are counted under their route too (the router runs before the key check).
    assert.match(
      text,
      /^api_http_requests_total\{method="POST",route="\/workflows\/echo",status="401"\} 2$/m,
    );
    assert.match(text, /^api_workflow_starts_total\{type="echoWorkflow"\} 1$/m);
    assert.match(text, /^api_http_request_duration_seconds_bucket\{/m);
    assert.match(text, /^process_cpu_user_seconds_total/m);
  });

  it('describes, cancels and returns results only of its own runs: another application’s run is a 404', async () => {
    const foreign = await stack.env.client.workflow.start('someoneElsesWorkflow', {
      taskQueue: 'other-team-queue',
      workflowId: `foreign-${Date.now()}`,
    });
    for (const [method, path] of [
      ['GET', ''],
      ['GET', '/result'],
      ['GET', '/stream'],
      ['POST', '/cancel'],
    ] as const) {
      const r = await call(method, url(`/workflows/${foreign.workflowId}${path}`));
      assert.equal(r.status, 404, `${method} ${path}: ${JSON.stringify(r.body)}`);
    }
    const d = await foreign.describe();
    assert.equal(d.status.name, 'RUNNING', 'still running: the cancel never reached it');
    await foreign.terminate();
  });

  it('refuses unbounded work before anything starts, saying what to change', async () => {
    const r = await call('POST', url('/workflows/map-reduce'), {
      source: { type: 'range', start: 0, end: 1_000_000_000 },
      mapper: 'util.echo',
      reducer: 'number.sum',
      batchSize: 1,
      maxConcurrency: 500,
    });
    assert.equal(r.status, 400);
    assert.match(
      r.body.message.join('\n'),
      /body.batchSize: 1000000000 items in batches of 1 make 1000000000 batches, more than the 50000 .*split the input/,
    );
    const smaller = await call('POST', url('/workflows/map-reduce'), {
      source: { type: 'range', start: 0, end: 1_000_000 },
      mapper: 'util.echo',
      reducer: 'number.sum',
      batchSize: 10,
    });
    assert.match(smaller.body.message.join('\n'), /use a batchSize of at least 20/);
  });

  it('400, never 500, for a body nested 5 000 levels, a bad page token, a 3 MB mapper.params', async () => {
    // Built as text: JSON.stringify itself overflows the stack at this depth.
    const deep = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const res = await fetch(url('/workflows/dag'), {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: `{"nodes":[{"id":"a","activity":"util.echo","input":${deep}}]}`,
    });
    assert.equal(res.status, 400);
    assert.match(
      ((await res.json()) as { message: string[] }).message.join('\n'),
      /is nested deeper than 64 levels/,
    );
    const page = await call('GET', url('/workflows?nextPageToken=abc'));
    assert.equal(page.status, 400, JSON.stringify(page.body));
    assert.match([page.body.message].flat().join('\n'), /nextPageToken/);
    const big = await call('POST', url('/workflows/map-reduce'), {
      items: [1],
      mapper: { activity: 'util.echo', params: { blob: 'x'.repeat(3 * 1024 * 1024) } },
      reducer: 'number.sum',
    });
    assert.equal(big.status, 400, JSON.stringify(big.body).slice(0, 300));
    assert.match(big.body.message.join('\n'), /larger than 1048576 bytes/);
  });

  it('a lines source must be a regular file inside the data folder, links followed', async () => {
    const dir = stack.config.dataDir;
    mkdirSync(join(dir, 'a-directory'), { recursive: true });
    writeFileSync(join(dir, 'fine.txt'), 'one\ntwo\n');
    const outside = join(dir, '..', `outside-${Date.now()}.txt`);
    writeFileSync(outside, 'secret\n');
    const link = join(dir, `link-${Date.now()}.txt`);
    symlinkSync(outside, link);
    const post = (path: string) =>
      call('POST', url('/workflows/map-reduce'), {
        source: { type: 'lines', path },
        mapper: 'text.wordCount',
        reducer: 'counts.merge',
      });
    const viaLink = await post(link.split('/').pop()!);
    assert.equal(viaLink.status, 400);
    assert.match(viaLink.body.message.join('\n'), /must stay inside the data folder/);
    const directory = await post('a-directory');
    assert.equal(directory.status, 400);
    assert.match(directory.body.message.join('\n'), /is not a regular file/);
    assert.equal((await post('fine.txt')).status, 201);
    // The file outside the data folder is the project's own folder's: leave nothing behind.
    rmSync(link, { force: true });
    rmSync(outside, { force: true });
  });

  it('a body that is not JSON is a 415 naming application/json', async () => {
    const res = await fetch(url('/workflows/dag'), {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'text/plain' },
      body: '{"nodes":[]}',
    });
    assert.equal(res.status, 415);
    assert.match(((await res.json()) as { message: string }).message, /Content-Type: application\/json/);
  });

  it('a body that is not valid JSON, or carries __proto__, is a 400; a body-less POST may say it is JSON', async () => {
    const send = (body: string | undefined) =>
      fetch(url('/workflows/echo'), {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body,
      });
    const broken = await send('{"message": "hi"');
    assert.equal(broken.status, 400);
    assert.match(((await broken.json()) as { message: string }).message, /not valid JSON/);
    const poisoned = await send('{"message": "hi", "__proto__": {"polluted": true}}');
    assert.equal(poisoned.status, 400);
    // Fastify's parser refuses the key outright (it names the body, not the key).
    assert.match(((await poisoned.json()) as { message: string }).message, /not valid JSON/);
    // No body, the JSON header all the same: the route answers (a cancel of an unknown run: 404).
    const cancel = await fetch(url('/workflows/no-such-run/cancel'), {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    });
    assert.equal(cancel.status, 404);
  });
});

describe('API limits: rate and Temporal outages', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, cpu: false, env: { RATE_LIMIT_PER_MINUTE: '5' } });
  });
  after(async () => {
    await stack?.teardown();
  });

  it('429 with Retry-After past the per-client rate; /health is not throttled', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 7; i++) {
      const r = await http('GET', `${stack.baseUrl}/models`);
      statuses.push(r.status);
      if (r.status === 429) retryAfter = (await fetch(`${stack.baseUrl}/models`)).headers.get('retry-after');
    }
    assert.deepEqual(statuses.slice(0, 5), [200, 200, 200, 200, 200]);
    assert.equal(statuses[5], 429);
    assert.ok(Number(retryAfter) > 0, `Retry-After: ${retryAfter}`);
    for (let i = 0; i < 8; i++) assert.notEqual((await http('GET', `${stack.baseUrl}/health`)).status, 429);
  });

  it('while Temporal is down: /health answers 503 within 3.5 s and other calls (a start too) 503 within 6 s, never 500', async () => {
    // A start first: the connection is up and in use when the server goes away.
    assert.equal((await http('POST', `${stack.baseUrl}/workflows/echo`, { message: 'before' })).status, 201);
    await stack.stopTemporal();
    let started = Date.now();
    const health = await http('GET', `${stack.baseUrl}/health`);
    assert.equal(health.status, 503);
    assert.ok(Date.now() - started < 3_500, `health took ${Date.now() - started} ms`);
    started = Date.now();
    const describe = await fetch(`${stack.baseUrl}/workflows/some-id`);
    assert.equal(describe.status, 503);
    assert.match(((await describe.json()) as { message: string }).message, /Temporal/);
    assert.ok(Date.now() - started < 6_000, `describe took ${Date.now() - started} ms`);
    started = Date.now();
    const start = await http('POST', `${stack.baseUrl}/workflows/echo`, { message: 'during' });
    assert.equal(start.status, 503);
    assert.match((start.body as { message: string }).message, /Temporal/);
    assert.ok(Date.now() - started < 6_000, `the start took ${Date.now() - started} ms`);
    // The API's metrics count the failed Temporal calls.
    const metrics = await (await fetch(`${stack.baseUrl}/metrics`)).text();
    assert.match(metrics, /^api_temporal_call_errors_total [1-9]\d*$/m);
  });
});
