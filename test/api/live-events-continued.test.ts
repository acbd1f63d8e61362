import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { LiveEvent } from '../../workflows/contracts/index.js';
import { http } from '../../runtime/http-client.js';
import { readSse } from '../../runtime/sse-client.js';
import { deliver } from '../helpers/stream-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

// Live streams of runs that continue as new: the stream's log goes along, offsets go on, and a
// subscriber follows the chain to its end.
describe('live events across continue-as-new (real dev server and workers)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true });
  });
  after(async () => {
    await stack?.teardown();
  });

  const eventsUrl = (id: string) => `${stack.baseUrl}/workflows/${encodeURIComponent(id)}/events`;

  it('a map-reduce that continues as new streams its progress through every run', async () => {
    const started = await http('POST', `${stack.baseUrl}/workflows/map-reduce`, {
      source: { type: 'range', start: 0, end: 600 },
      mapper: { activity: 'util.delay', params: { ms: 20 }, itemField: 'value' },
      reducer: 'number.sum',
      batchSize: 50,
      maxConcurrency: 2,
      tree: { batchesPerRun: 4 },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const id = started.body.workflowId as string;
    const { events } = await readSse(eventsUrl(id));
    const live = events.map((e) => JSON.parse(e.data) as LiveEvent);
    assert.deepEqual(
      events.map((e) => Number(e.id)),
      events.map((_, i) => i),
      'offsets go on across the runs',
    );
    assert.equal(live.filter((e) => e.type === 'run.started').length, 1);
    assert.equal(live.at(-1)!.type, 'run.finished');
    assert.ok(
      live.some((e) => e.type === 'progress'),
      live.map((e) => e.type).join(','),
    );
    const runs = [];
    for await (const r of stack.env.client.workflow.list({ query: `WorkflowId = '${id}'` })) runs.push(r);
    assert.ok(runs.length >= 3, `continued as new: ${runs.length} runs`);
    // The closed chain serves its log again (the last run carries the earlier runs' events).
    const again = await readSse(eventsUrl(id));
    assert.deepEqual(
      again.events.map((e) => e.data),
      events.map((e) => e.data),
    );
  });

  it('a stream pipeline reports each analysed window as progress, and run.finished when drained', async () => {
    const start = await http('POST', `${stack.baseUrl}/pipelines/streams`, {
      name: 'live-progress',
      analyzer: { activity: 'text.wordCount' },
      window: { maxItems: 2, maxWaitMs: 50 },
    });
    assert.equal(start.status, 201, JSON.stringify(start.body));
    const id = start.body.workflowId as string;
    const live: LiveEvent[] = [];
    const reading = readSse(eventsUrl(id), { onEvent: (e) => live.push(JSON.parse(e.data) as LiveEvent) });
    const ack = await deliver(stack.baseUrl, 'live-progress', [
      { id: '1', text: 'one two' },
      { id: '2', text: 'three' },
    ]);
    assert.equal(ack.status, 200);
    await http('DELETE', `${stack.baseUrl}/pipelines/streams/live-progress`);
    await reading;
    assert.ok(
      live.some((e) => e.type === 'progress' && e.done === 2),
      JSON.stringify(live),
    );
    assert.equal(live.at(-1)!.type, 'run.finished');
  });
});
