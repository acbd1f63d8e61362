// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LiveEvent } from '../../workflows/contracts/index.js';
import { http } from '../../runtime/http-client.js';
import { readSse } from '../../runtime/sse-client.js';
import type { SseEvent } from '../../runtime/sse-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const MODELS = ['smollm2-135m', 'gemma3-270m'];
const parsed = (events: SseEvent[]) => events.map((e) => JSON.parse(e.data) as LiveEvent);

// Live runs through the API: a run's Workflow Stream read as server-sent events.
describe('live events: every branch streams its steps and tokens (real models)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, models: MODELS, env: { LLM_SEQUENCES: '2' } });
  });
  after(async () => {
    await stack?.teardown();
  });

  const start = async (path: string, body: unknown) => {
    const r = await http('POST', `${stack.baseUrl}${path}`, body);
    assert.equal(r.status, 201, JSON.stringify(r.body));
    return r.body.workflowId as string;
  };
  const eventsUrl = (id: string, query = '') =>
    `${stack.baseUrl}/workflows/${encodeURIComponent(id)}/events${query}`;

  it('streams the tokens of two models side by side; each branch’s deltas add up to its output', async () => {
    const id = await start('/workflows/scatter-gather', {
      stream: 'tokens',
      tasks: MODELS.map((model) => ({
        id: model,
        activity: 'llm.generate',
        input: { model, prompt: 'Describe the sea in three sentences.', maxTokens: 64 },
      })),
      policy: { mode: 'all' },
    });
    const { status, events } = await readSse(eventsUrl(id));
    assert.equal(status, 200);
    const live = parsed(events);
    // Every event says when it was published (the run's clock).
    assert.ok(live.every((e) => typeof e.at === 'number' && e.at > 0));
    const { at: _at, ...started } = live[0]!;
    assert.deepEqual(started, {
      type: 'run.started',
      path: '',
      workflowType: 'scatterGatherWorkflow',
      mode: 'tokens',
    });
    assert.equal(live.at(-1)!.type, 'run.finished');
    // Offsets are the ids, contiguous from 0.
    assert.deepEqual(
      events.map((e) => Number(e.id)),
      events.map((_, i) => i),
    );
    const result = await http(
      'GET',
      `${stack.baseUrl}/workflows/${encodeURIComponent(id)}/result?waitMs=30000`,
    );
    assert.equal(result.body.status, 'COMPLETED');
    for (const model of MODELS) {
      const path = `tasks/${model}`;
      const tokens = live.filter((e) => e.type === 'token' && e.path === path) as Array<{
        text: string;
        model: string;
      }>;
      assert.ok(tokens.length >= 2, `${model}: ${tokens.length} token events`);
      assert.ok(tokens.every((t) => t.model === model));
      const output = (result.body.result.tasks as Array<{ id: string; output: { text: string } }>).find(
        (t) => t.id === model,
      )!.output.text;
      assert.equal(tokens.map((t) => t.text).join(''), output, `${model}: the deltas add up to the output`);
      const finished = live.findIndex((e) => e.type === 'branch.finished' && e.path === path);
      const lastToken = live.findLastIndex((e) => e.type === 'token' && e.path === path);
      assert.ok(live.findIndex((e) => e.type === 'branch.started' && e.path === path) < lastToken);
      assert.ok(lastToken < finished, `${model}: tokens before branch.finished`);
    }
    // Once the run has closed, the same events again (its history replayed), ids included.
    const again = await readSse(eventsUrl(id));
    assert.deepEqual(
      again.events.map((e) => [e.id, e.event, e.data]),
      events.map((e) => [e.id, e.event, e.data]),
      'a closed run replays its events',
    );
    const tail = await readSse(eventsUrl(id), { headers: { 'Last-Event-ID': String(events.length - 3) } });
    assert.deepEqual(
      tail.events.map((e) => Number(e.id)),
      [events.length - 2, events.length - 1],
    );
    // Side by side: the first token of each model arrives before either branch finishes.
    const firstFinished = live.findIndex((e) => e.type === 'branch.finished');
    for (const model of MODELS)
      assert.ok(
        live.findIndex((e) => e.type === 'token' && e.path === `tasks/${model}`) < firstFinished,
        `${model} streamed before the first branch finished`,
      );
  });

  it('resumes after Last-Event-ID with no gap and no duplicate', async () => {
    const id = await start('/workflows/dag', {
      stream: 'tokens',
      nodes: [
        { id: 'q', activity: 'util.echo', input: 'Name three rivers.' },
        {
          id: 'a',
          activity: 'llm.generate',
          dependsOn: ['q'],
          input: { model: MODELS[0], prompt: { $from: 'q' }, maxTokens: 48 },
        },
      ],
    });
    const first = await readSse(eventsUrl(id), { stopAfter: 3 });
    assert.equal(first.events.length, 3);
    const rest = await readSse(eventsUrl(id), { headers: { 'Last-Event-ID': first.events.at(-1)!.id! } });
    const all = [...first.events, ...rest.events];
    assert.deepEqual(
      all.map((e) => Number(e.id)),
      all.map((_, i) => i),
      'every offset once, in order',
    );
    const live = parsed(all);
    assert.equal(live.at(-1)!.type, 'run.finished');
    assert.ok(live.some((e) => e.type === 'branch.finished' && e.path === 'nodes/q'));
    assert.ok(live.some((e) => e.type === 'token' && e.path === 'nodes/a'));
    // ?types= and ?paths= filter; ?from= starts later.
    const filtered = await readSse(eventsUrl(id, '?types=branch.finished,run.finished&paths=nodes/a,run'));
    assert.equal(filtered.status, 200);
  });

  it("puts a nested pattern's steps and tokens on the root run's stream", async () => {
    const id = await start('/workflows/dag', {
      stream: 'tokens',
      nodes: [
        {
          id: 'inner',
          pattern: 'scatter-gather',
          spec: {
            tasks: [
              {
                id: 'smol',
                activity: 'llm.generate',
                input: { model: MODELS[0], prompt: 'Name a colour.', maxTokens: 24 },
              },
            ],
            policy: { mode: 'all' },
          },
        },
      ],
    });
    const live = parsed((await readSse(eventsUrl(id))).events);
    const kinds = live.map((e) => `${e.type} ${e.path}`);
    assert.ok(kinds.includes('branch.started nodes/inner'), kinds.join('\n'));
    assert.ok(kinds.includes('branch.started nodes/inner/tasks/smol'), kinds.join('\n'));
    assert.ok(kinds.includes('branch.finished nodes/inner/tasks/smol'));
    assert.ok(
      kinds.indexOf('branch.finished nodes/inner/tasks/smol') < kinds.indexOf('branch.finished nodes/inner'),
    );
    const tokens = live.filter((e) => e.type === 'token' && e.path === 'nodes/inner/tasks/smol') as Array<{
      text: string;
    }>;
    const r = await http('GET', `${stack.baseUrl}/workflows/${encodeURIComponent(id)}/result?waitMs=30000`);
    const inner = r.body.result.nodes.inner.output.tasks[0].output.text as string;
    assert.equal(tokens.map((t) => t.text).join(''), inner, 'the nested call streamed to the root');
    assert.equal(
      live.filter((e) => e.type === 'run.finished').length,
      1,
      "the child's own run events stay out",
    );
  });

  it('sends only steps unless tokens are asked for, and refuses "live" in a request', async () => {
    const id = await start('/pipelines/consensus', {
      question: 'In one word: what colour is the sky?',
      models: [MODELS[0]],
      maxTokens: 8,
    });
    const live = parsed((await readSse(eventsUrl(id))).events);
    assert.deepEqual(
      live.map((e) => `${e.type} ${e.path}${e.type === 'stage' ? e.stage : ''}`),
      [
        'run.started ',
        'stage generate',
        `branch.started tasks/${MODELS[0]}#0`,
        `branch.finished tasks/${MODELS[0]}#0`,
        'stage compare',
        'stage done',
        'run.finished ',
      ],
    );
    const refused = await http('POST', `${stack.baseUrl}/workflows/scatter-gather`, {
      tasks: [
        {
          id: 't',
          activity: 'llm.generate',
          input: { model: MODELS[0], prompt: 'x', live: { workflowId: 'someone-else', path: 'x' } },
        },
      ],
      policy: { mode: 'all' },
    });
    assert.equal(refused.status, 400);
    assert.match(JSON.stringify(refused.body.message), /input\.live: \\"live\\" is set by the run itself/);
    const badQuery = await http('GET', eventsUrl(id, '?types=nonsense'));
    assert.equal(badQuery.status, 400);
  });
});
