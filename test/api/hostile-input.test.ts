// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../config/project-root.js';
import { LIMITS, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import { hostileRequests } from '../../scripts/lib/hostile-bodies.js';
import { http } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const run = promisify(execFile);
const SMOL = 'smollm2-135m';
const MODELS = [SMOL, 'gemma3-270m'];
const SLOW_TEMPLATE = `Summarise: {{${' '.repeat(60_000)}`;

/** The message of a 4xx answer as one string. */
const messageOf = (body: unknown) => JSON.stringify((body as { message?: unknown })?.message ?? body);

// Every hostile input the admission issue lists, against the real API, real workers and both
// real models in one process: each must be a 4xx naming what is wrong, and afterwards the
// system must be whole (/health 200, every worker still running, a model call still answered).
describe('hostile input is refused where it enters (real stack, real models)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, models: MODELS, env: { LLM_SEQUENCES: '2' } });
  });
  after(async () => {
    await stack?.teardown();
  });

  const expect4xx = async (method: string, path: string, body: unknown, names?: string) => {
    const r = await http(method, `${stack.baseUrl}${path}`, body);
    assert.ok(r.status >= 400 && r.status < 500, `${method} ${path}: ${r.status} ${messageOf(r.body)}`);
    if (names)
      assert.match(messageOf(r.body), new RegExp(names.replace(/[.[\]]/g, '\\$&')), `${method} ${path}`);
    return r;
  };

  it('answers every wrong-typed field and every over-deep body of every endpoint with a 4xx', async () => {
    const doc = (await http('GET', `${stack.baseUrl}/docs-json`)).body;
    const requests = hostileRequests(doc, LIMITS.jsonDepth);
    assert.ok(requests.length > 100, `generated ${requests.length} hostile bodies`);
    const endpoints = new Set(requests.map((r) => r.path));
    assert.ok(endpoints.size >= 14, `covers ${endpoints.size} endpoints`);
    for (const r of requests) {
      const answer = await http(r.method, `${stack.baseUrl}${r.path}`, r.body, r.raw);
      if (r.mayPass) {
        assert.ok(answer.status < 500, `${r.method} ${r.path} ${r.what}: ${answer.status}`);
        continue;
      }
      assert.ok(
        answer.status >= 400 && answer.status < 500,
        `${r.method} ${r.path} ${r.what}: ${answer.status} ${messageOf(answer.body)}`,
      );
      if (r.field)
        assert.ok(messageOf(answer.body).includes(r.field), `${r.path} ${r.what}: ${messageOf(answer.body)}`);
      else assert.match(messageOf(answer.body), /nested deeper than 64 levels/, `${r.path} ${r.what}`);
    }
  });

  it('refuses wrong-typed sampling parameters in every body a model call is built from', async () => {
    const bad = [
      ['temperature', 'hot'],
      ['maxTokens', 'many'],
      ['seed', 1.5],
      ['stop', 'x'],
      ['temperature', { temperature: 'x' }],
    ] as const;
    for (const [field, value] of bad) {
      await expect4xx(
        'POST',
        '/pipelines/batch',
        {
          input: { path: 'in.txt', format: 'lines' },
          output: { path: 'out.jsonl' },
          activity: 'llm.generate',
          params: { model: SMOL, [field]: value },
        },
        `params.${field}`,
      );
      await expect4xx(
        'POST',
        '/pipelines/streams',
        { name: 'hostile', analyzer: { activity: 'llm.generate', params: { model: SMOL, [field]: value } } },
        `params.${field}`,
      );
      await expect4xx(
        'POST',
        '/workflows/dag',
        {
          nodes: [
            { id: 'q', activity: 'util.echo', input: 'Name a planet.' },
            {
              id: 'a',
              activity: 'llm.generate',
              dependsOn: ['q'],
              input: { model: SMOL, prompt: { $from: 'q' }, [field]: value },
            },
          ],
        },
        `nodes[1].input.${field}`,
      );
      await expect4xx(
        'POST',
        '/workflows/scatter-gather',
        {
          tasks: [
            { id: 't', activity: 'llm.generate', input: { model: SMOL, prompt: 'Hi', [field]: value } },
          ],
          policy: { mode: 'all' },
        },
        `input.${field}`,
      );
      await expect4xx(
        'POST',
        '/workflows/map-reduce',
        {
          items: ['a', 'b'],
          mapper: { activity: 'llm.generate', params: { model: SMOL, [field]: value }, itemField: 'prompt' },
          reducer: 'list.collect',
        },
        `params.${field}`,
      );
    }
    await expect4xx(
      'POST',
      '/pipelines/batch',
      {
        input: { path: 'in.txt', format: 'lines' },
        output: { path: 'out.jsonl' },
        activity: 'llm.classify',
        params: { model: SMOL, labels: ['only-one'] },
      },
      'params.labels',
    );
  });

  it('refuses control characters and impossible names in paths and keys', async () => {
    const batch = (input: string, output: string) => ({
      input: { path: input, format: 'lines' },
      output: { path: output },
      activity: 'llm.classify',
      params: { model: SMOL, labels: ['a', 'b'] },
    });
    await expect4xx('POST', '/pipelines/batch', batch('in.txt', 'out\u0000.jsonl'), 'output.path');
    await expect4xx('POST', '/pipelines/batch', batch('in\n.txt', 'out.jsonl'), 'input.path');
    await expect4xx('POST', '/pipelines/batch', batch('in.txt', `${'x'.repeat(300)}.jsonl`), 'output.path');
    await expect4xx(
      'POST',
      '/pipelines/perspectives',
      { source: { type: 'lines', path: 'docs\u0007.txt' } },
      'source.path',
    );
    await expect4xx(
      'POST',
      '/workflows/map-reduce',
      { source: { type: 'lines', path: 'a\u0000b' }, mapper: 'text.wordCount', reducer: 'counts.merge' },
      'source.path',
    );
    await expect4xx(
      'POST',
      '/workflows/echo?fairnessKey=tenant%0Aevil',
      { message: 'hi' },
      'query.fairnessKey',
    );
  });

  it('refuses pathological, unclosed and internal-reaching templates at once', async () => {
    const started = Date.now();
    const dag = (template: string) => ({
      nodes: [
        { id: 'q', activity: 'util.echo', input: 'x' },
        { id: 't', activity: 'util.echo', dependsOn: ['q'], input: { $template: template } },
      ],
    });
    await expect4xx('POST', '/workflows/dag', dag(SLOW_TEMPLATE), 'unclosed');
    await expect4xx('POST', '/workflows/dag', dag('{{q.constructor}}'), 'constructor');
    const batch = (template: string) => ({
      input: { path: 'in.txt', format: 'lines' },
      output: { path: 'out.jsonl' },
      activity: 'llm.classify',
      params: { model: SMOL, labels: ['a', 'b'] },
      template,
    });
    await expect4xx('POST', '/pipelines/batch', batch(SLOW_TEMPLATE.slice(0, 7_000)), 'template');
    await expect4xx('POST', '/pipelines/batch', batch('{{$item.__proto__}}'), 'template');
    const stream = (template: string) => ({
      name: 'hostile-template',
      analyzer: { activity: 'llm.classify', params: { model: SMOL, labels: ['a', 'b'] }, template },
    });
    await expect4xx('POST', '/pipelines/streams', stream('{{$item.title'), 'analyzer.template');
    await expect4xx('POST', '/pipelines/streams', stream('{{node.x}}'), 'analyzer.template');
    await expect4xx('POST', '/pipelines/streams', stream('{{$item.constructor.name}}'), 'analyzer.template');
    await expect4xx(
      'POST',
      '/workflows/map-reduce',
      {
        items: ['a'],
        mapper: { activity: 'util.echo', input: { $template: SLOW_TEMPLATE } },
        reducer: 'list.collect',
      },
      'unclosed',
    );
    // The scan is linear: all of the above, 60 kB templates included, took well under a second
    // each on this machine (the old pattern held the event loop for tens of seconds).
    assert.ok(Date.now() - started < 30_000);
  });

  it('fails a wrong-typed sampling parameter sent straight to an LLM activity, without a retry or a dead worker', async () => {
    // Past the API: a workflow started by a client of its own.
    const handle = await stack.start(WORKFLOW_TYPES.dag, {
      nodes: [
        { id: 'a', activity: 'llm.generate', input: { model: SMOL, prompt: 'Hi', temperature: { x: 1 } } },
      ],
    });
    await assert.rejects(handle.result(), (err: Error & { cause?: Error & { cause?: Error } }) => {
      const text = `${err.message} ${err.cause?.message} ${err.cause?.cause?.message}`;
      assert.match(text, /input\.temperature/);
      return true;
    });
    const history = await handle.fetchHistory();
    const attempts = history
      .events!.filter((e) => e.activityTaskStartedEventAttributes)
      .map((e) => e.activityTaskStartedEventAttributes!.attempt);
    assert.deepEqual(attempts, [1], 'one attempt: InvalidInput is not retried');
    assert.ok(stack.gpu!.workers.every((w) => w.getState() === 'RUNNING'));
  });

  it('fails only the calls in flight when an error escapes the decode loop, and keeps serving', async () => {
    // In a process of its own: the test runner fails any test whose process sees an unhandled
    // rejection, which is exactly what the library raises here.
    const { stdout } = await run(
      process.execPath,
      [fromRoot('dist', 'test', 'fixtures', 'escaped-decoder-error.js')],
      {
        encoding: 'utf8',
        timeout: 120_000,
        env: { ...process.env, LLM_THREADS: '1' },
      },
    );
    const ends = JSON.parse(stdout.trim().split('\n').at(-1)!) as Record<string, string>;
    assert.match(ends.poisoned!, /DecoderEscapeError|A number was expected/, 'the bad call ends');
    assert.match(ends.beside!, /completed|DecoderEscapeError/, 'the good call beside it ends');
    assert.equal(ends.after, 'completed', 'the model serves the next call');
  });

  it('leaves the whole system healthy afterwards', async () => {
    assert.ok(stack.gpu!.workers.every((w) => w.getState() === 'RUNNING'));
    assert.equal(stack.cpuWorker!.getState(), 'RUNNING');
    let health = await http('GET', `${stack.baseUrl}/health`);
    for (let i = 0; i < 40 && health.status !== 200; i++) {
      await new Promise((r) => setTimeout(r, 250));
      health = await http('GET', `${stack.baseUrl}/health`);
    }
    assert.equal(health.status, 200, JSON.stringify(health.body));
    const started = await http('POST', `${stack.baseUrl}/workflows/scatter-gather`, {
      tasks: [
        { id: 'p', activity: 'llm.generate', input: { model: SMOL, prompt: 'Name a planet.', maxTokens: 8 } },
      ],
      policy: { mode: 'all' },
    });
    assert.equal(started.status, 201);
    const result = await http(
      'GET',
      `${stack.baseUrl}/workflows/${encodeURIComponent(started.body.workflowId)}/result?waitMs=60000`,
    );
    assert.equal(result.body.status, 'COMPLETED', JSON.stringify(result.body));
  });
});
