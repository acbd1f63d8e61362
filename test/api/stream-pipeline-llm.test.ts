// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { streamWorkflowId } from '../../workflows/contracts/index.js';
import type { StreamState } from '../../workflows/contracts/index.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { deliver, waitForState } from '../helpers/stream-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const SMOL = 'smollm2-135m';
const LABELS = ['positive', 'negative', 'neutral'];
const REVIEWS = [
  'Arrived quickly and works perfectly.',
  'The battery died after two days.',
  'It is a phone case.',
  'Best purchase I made this year!',
  'Broken on arrival, support never answered.',
  'Does what it says.',
];

// Stream processing with a real model: micro-batches classified on the model's queue.
describe('stream pipeline with a real model', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, models: [SMOL], env: { LLM_SEQUENCES: '8' } });
  });
  after(() => stack?.teardown());

  it('classifies delivered events in micro-batches and counts the labels of every event', async (t) => {
    const started = await http('POST', `${stack.baseUrl}/pipelines/streams`, {
      name: 'reviews',
      analyzer: { activity: 'llm.classify', params: { model: SMOL, labels: LABELS } },
      window: { maxItems: 8, maxWaitMs: 500 },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const total = 24;
    for (let i = 0; i < total; i += 6) {
      const events = REVIEWS.map((text, j) => ({ id: `r${i + j}`, text }));
      const r = await deliver(stack.baseUrl, 'reviews', events);
      assert.equal(r.body.accepted, 6, JSON.stringify(r.body));
    }
    const s = await waitForState(stack.baseUrl, 'reviews', (x) => x.processed + x.failed === total, 180_000);
    assert.equal(s.failed, 0);
    const counted = Object.entries(s.totals.labels);
    assert.ok(
      counted.every(([label]) => LABELS.includes(label)),
      JSON.stringify(s.totals),
    );
    assert.equal(
      counted.reduce((sum, [, n]) => sum + n, 0),
      total,
    );
    assert.ok(s.windows.every((w) => w.events <= 8));
    assert.equal(s.usage.calls, total);
    assert.ok(s.latencyMs.p50 > 0 && s.latencyMs.p99 >= s.latencyMs.p50);
    t.diagnostic(
      `latency p50 ${s.latencyMs.p50} ms, p99 ${s.latencyMs.p99} ms; ${s.eventsPerSecond} events/s`,
    );

    await http('DELETE', `${stack.baseUrl}/pipelines/streams/reviews`);
    const done = await waitForResult(stack.baseUrl, streamWorkflowId('reviews'), 60_000);
    assert.equal((done.body.result as StreamState).status, 'stopped');
  });

  it('keeps the latest summaries of an llm.generate analyzer', async () => {
    await http('POST', `${stack.baseUrl}/pipelines/streams`, {
      name: 'notes',
      analyzer: {
        activity: 'llm.generate',
        params: { model: SMOL, maxTokens: 12 },
        template: 'Summarise in five words: {{$item.body}}',
      },
      window: { maxItems: 4, maxWaitMs: 300 },
      retention: { latest: 3 },
    });
    const events = REVIEWS.slice(0, 5).map((body, i) => ({ id: `n${i}`, body }));
    assert.equal((await deliver(stack.baseUrl, 'notes', events)).body.accepted, 5);
    const s = await waitForState(stack.baseUrl, 'notes', (x) => x.processed === 5, 180_000);
    assert.equal(s.latest.length, 3);
    assert.ok(s.latest.every((l) => typeof l.output === 'string' && l.id.startsWith('n')));
    await http('DELETE', `${stack.baseUrl}/pipelines/streams/notes`);
  });
});
