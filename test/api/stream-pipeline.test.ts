import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { streamWorkflowId, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { StreamState } from '../../workflows/contracts/index.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { deliver, waitForState } from '../helpers/stream-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const wordCount = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  analyzer: { activity: 'text.wordCount' },
  ...extra,
});

// The stream pipeline end to end with a CPU analyzer: API, real dev server, real workers.
describe('stream pipeline through the API', () => {
  let stack: Stack;
  let base: string;
  before(async () => {
    stack = await startStack({ api: true });
    base = stack.baseUrl;
  });
  after(() => stack?.teardown());

  it('accepts events once, cuts windows by size, counts terms exactly, and drains on DELETE', async () => {
    const started = await http(
      'POST',
      `${base}/pipelines/streams`,
      wordCount('words', { window: { maxItems: 4, maxWaitMs: 60_000 } }),
    );
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.workflowId, streamWorkflowId('words'));
    assert.equal(started.body.type, WORKFLOW_TYPES.streamPipeline);
    const again = await http('POST', `${base}/pipelines/streams`, wordCount('words'));
    assert.equal(again.status, 409, JSON.stringify(again.body));

    const first = await deliver(base, 'words', [
      { id: 'a', text: 'apple pie' },
      { id: 'b', text: 'apple tart' },
      { id: 'a', text: 'apple again' },
    ]);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body, { accepted: 2, duplicates: 1, firstSeq: 0, lastSeq: 1, buffered: 2 });
    const second = await deliver(base, 'words', [
      { id: 'b', text: 'apple tart' },
      { id: 'c', text: 'cherry pie' },
      { id: 'd', text: 'apple crumble' },
    ]);
    assert.deepEqual(
      { accepted: second.body.accepted, duplicates: second.body.duplicates, firstSeq: second.body.firstSeq },
      { accepted: 2, duplicates: 1, firstSeq: 2 },
    );
    // Four events fill a window at once, though maxWaitMs is a minute.
    const s = await waitForState(base, 'words', (x) => x.processed === 4, 20_000);
    assert.deepEqual(
      s.windows.map((w) => [w.firstSeq, w.lastSeq, w.events, w.failed]),
      [[0, 3, 4, 0]],
    );
    assert.deepEqual(s.rolling.terms, { apple: 3, pie: 2, cherry: 1, crumble: 1, tart: 1 });
    assert.deepEqual([s.accepted, s.duplicates, s.pending, s.inFlight, s.status], [4, 2, 0, 0, 'running']);
    assert.ok(s.latencyMs.samples === 4 && s.latencyMs.p99 >= s.latencyMs.p50);

    // A fifth event waits for its window (maxWaitMs): DELETE cuts it at once and drains.
    await deliver(base, 'words', [{ id: 'e', text: 'elderberry' }]);
    const drained = await http('DELETE', `${base}/pipelines/streams/words`);
    assert.equal(drained.status, 202, JSON.stringify(drained.body));
    const done = await waitForResult(base, streamWorkflowId('words'), 30_000);
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const final = done.body.result as StreamState;
    assert.deepEqual([final.status, final.accepted, final.processed, final.failed], ['stopped', 5, 5, 0]);
    assert.equal(final.rolling.terms.elderberry, 1);
    // The state stays readable after the stop; deliveries to a stopped stream are refused.
    const read = await http<StreamState>('GET', `${base}/pipelines/streams/words`);
    assert.equal(read.status, 200);
    assert.equal(read.body.processed, 5);
    const late = await http('POST', `${base}/pipelines/streams/words/events`, {
      events: [{ id: 'f', text: 'fig' }],
    });
    assert.ok([404, 409].includes(late.status), JSON.stringify(late));
  });

  it('cuts a window by time when it does not fill', async () => {
    await http(
      'POST',
      `${base}/pipelines/streams`,
      wordCount('slow', { window: { maxItems: 100, maxWaitMs: 300 } }),
    );
    await deliver(base, 'slow', [
      { id: '1', text: 'one' },
      { id: '2', text: 'two' },
    ]);
    const s = await waitForState(base, 'slow', (x) => x.processed === 2, 20_000);
    assert.equal(s.windows.length, 1);
    const w = s.windows[0]!;
    assert.ok(w.cutAtMs - w.firstAcceptedAtMs >= 300, JSON.stringify(w));
    await http('DELETE', `${base}/pipelines/streams/slow`);
  });

  it('refuses a delivery that does not fit the buffer with 429 and Retry-After, losing nothing', async () => {
    await http(
      'POST',
      `${base}/pipelines/streams`,
      wordCount('full', { maxBuffered: 5, window: { maxItems: 5, maxWaitMs: 600_000 } }),
    );
    const three = (from: number) =>
      Array.from({ length: 3 }, (_, i) => ({ id: `e${from + i}`, text: `word${from + i}` }));
    assert.equal((await deliver(base, 'full', three(0))).body.accepted, 3);
    const res = await fetch(`${base}/pipelines/streams/full/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events: three(3) }),
    });
    assert.equal(res.status, 429);
    assert.ok(Number(res.headers.get('retry-after')) >= 1);
    const body = (await res.json()) as { message: string };
    assert.match(body.message, /buffer is full/);
    const s = await waitForState(base, 'full', () => true);
    assert.equal(s.accepted, 3, 'a refused delivery accepts none of its events');
    // Two fit: the window fills (5) and is analysed, which frees the buffer for the refused three.
    assert.equal((await deliver(base, 'full', three(3).slice(0, 2))).body.accepted, 2);
    await waitForState(base, 'full', (x) => x.processed === 5, 20_000);
    const retried = await deliver(base, 'full', three(3));
    assert.deepEqual([retried.body.accepted, retried.body.duplicates], [1, 2]);
    await http('DELETE', `${base}/pipelines/streams/full`);
    const done = await waitForResult(base, streamWorkflowId('full'), 30_000);
    assert.equal((done.body.result as StreamState).processed, 6);
  });

  it('continues as new before its history grows large, carrying aggregates and recent ids', async (t) => {
    await http(
      'POST',
      `${base}/pipelines/streams`,
      wordCount('long', { window: { maxItems: 50, maxWaitMs: 200 } }),
    );
    let refused = 0;
    const total = 1_200;
    for (let i = 0; i < total; i++) {
      const r = await deliver(base, 'long', [{ id: `n${i}`, text: i % 2 ? 'odd' : 'even' }]);
      assert.equal(r.status, 200, JSON.stringify(r.body));
      assert.equal(r.body.accepted, 1, `event ${i}`);
      refused += r.refused;
    }
    const s = await waitForState(base, 'long', (x) => x.processed === total, 60_000);
    assert.ok(s.generation >= 1, `generation ${s.generation}`);
    // An id from the first run is still known after the hand-over.
    const dup = await deliver(base, 'long', [{ id: 'n0', text: 'even' }]);
    assert.deepEqual([dup.body.accepted, dup.body.duplicates], [0, 1]);
    assert.deepEqual([s.accepted, s.failed], [total, 0]);
    await http('DELETE', `${base}/pipelines/streams/long`);
    const done = await waitForResult(base, streamWorkflowId('long'), 30_000);
    const final = done.body.result as StreamState;
    assert.equal(final.processed, total);
    t.diagnostic(`generations ${final.generation + 1}, deliveries refused while handing over: ${refused}`);
  });

  it('answers bad bodies and names with 400s naming the field, unknown streams with 404', async () => {
    const bad = await http('POST', `${base}/pipelines/streams`, {
      name: 'Bad Name',
      analyzer: { activity: 'llm.classify', params: { model: 'smollm2-135m' } },
    });
    assert.equal(bad.status, 400);
    const text = JSON.stringify(bad.body.message);
    assert.match(text, /name/);
    assert.match(text, /analyzer\.params\.labels/);
    const noModel = await http('POST', `${base}/pipelines/streams`, {
      name: 'x',
      analyzer: { activity: 'llm.classify', params: { model: 'no-such-model', labels: ['a', 'b'] } },
    });
    assert.equal(noModel.status, 400);
    assert.match(JSON.stringify(noModel.body.message), /body\.analyzer\.params\.model/);
    const unknown = await http('POST', `${base}/pipelines/streams/nobody/events`, {
      events: [{ id: '1', text: 'x' }],
    });
    assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
    assert.equal((await http('GET', `${base}/pipelines/streams/nobody`)).status, 404);
    assert.equal((await http('DELETE', `${base}/pipelines/streams/nobody`)).status, 404);

    await http('POST', `${base}/pipelines/streams`, wordCount('checked'));
    const noId = await http('POST', `${base}/pipelines/streams/checked/events`, { events: [{ text: 'x' }] });
    assert.equal(noId.status, 400);
    assert.match(JSON.stringify(noId.body.message), /body\.events\.0\.id|body\.events\[0\]\.id/);
    const noText = await http('POST', `${base}/pipelines/streams/checked/events`, {
      events: [
        { id: '1', text: 'fine' },
        { id: '2', body: 'no text field' },
      ],
    });
    assert.equal(noText.status, 400, JSON.stringify(noText.body));
    assert.match(JSON.stringify(noText.body.message), /body\.events\[1\]\.text/);
    const s = await waitForState(base, 'checked', () => true);
    assert.equal(s.accepted, 0, 'an invalid delivery accepts nothing');
    await http('DELETE', `${base}/pipelines/streams/checked`);

    // A template over the event: an event it cannot be filled from is refused on delivery.
    const templated = await http('POST', `${base}/pipelines/streams`, {
      name: 'templated',
      analyzer: { activity: 'text.wordCount', template: '{{$item.title}}: {{$item.body}}' },
    });
    assert.equal(templated.status, 201, JSON.stringify(templated.body));
    const noBody = await http('POST', `${base}/pipelines/streams/templated/events`, {
      events: [
        { id: '1', title: 'a', body: 'b' },
        { id: '2', title: 'only a title' },
      ],
    });
    assert.equal(noBody.status, 400, JSON.stringify(noBody.body));
    assert.match(JSON.stringify(noBody.body.message), /body\.events\[1\]: .*no field \\"\$item\.body\\"/);
    const fine = await http('POST', `${base}/pipelines/streams/templated/events`, {
      events: [{ id: '1', title: 'a', body: 'b' }],
    });
    assert.equal(fine.status, 200, JSON.stringify(fine.body));
    await http('DELETE', `${base}/pipelines/streams/templated`);
  });
});
