// `npm run bench:stream`: the stream pipeline with its default window, buffer and concurrency,
// with a CPU analyzer (text.wordCount) and an LLM classifier (llm.classify on smollm2-135m).
// Each analyzer: (1) saturation — two producers deliver as fast as the stream accepts them
// (429 → retry), and the sustained rate is the events analysed per second once warm; (2) a
// paced producer at half that rate, where the latency from each POST to the analysis of its
// event's window is taken from the windows the state query reports (p50 / p99 over all events).
import { startStack } from '../runtime/stack.js';
import type { Stack } from '../runtime/stack.js';
import type { StreamEventsAck, StreamState, StreamWindow } from '../workflows/contracts/index.js';
import { percentile } from '../workflows/lib/percentile.js';
import { report } from './bench-stack.js';

const SMOL = 'smollm2-135m';
const SECONDS = Number(process.env.BENCH_STREAM_SECONDS ?? 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TEXTS = [
  'Arrived quickly and works perfectly.',
  'The battery died after two days and support never answered.',
  'It is a phone case, nothing more to say.',
  'Best purchase I made this year, my whole family uses it.',
  'Broken on arrival; the box was crushed.',
  'Does what it says, at a fair price.',
];

interface Analyzer {
  label: string;
  body: Record<string, unknown>;
  /** Events per POST, and seconds per phase. */
  perPost: number;
  seconds: number;
}

const ANALYZERS: Analyzer[] = [
  { label: 'cpu-wordcount', body: { activity: 'text.wordCount' }, perPost: 50, seconds: SECONDS || 20 },
  {
    label: 'llm-classify',
    body: { activity: 'llm.classify', params: { model: SMOL, labels: ['positive', 'negative', 'neutral'] } },
    perPost: 8,
    seconds: SECONDS || 60,
  },
];

class Producer {
  private next = 0;
  /** POST time of each accepted range of sequence numbers. */
  readonly sent: Array<{ first: number; last: number; at: number }> = [];
  refused = 0;

  constructor(
    private readonly base: string,
    private readonly name: string,
  ) {}

  async post(n: number): Promise<boolean> {
    const events = Array.from({ length: n }, () => {
      const i = this.next++;
      return { id: `${this.name}-${i}`, text: TEXTS[i % TEXTS.length] };
    });
    const at = Date.now();
    const res = await fetch(`${this.base}/pipelines/streams/${this.name}/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ events }),
    });
    if (res.status === 429) {
      this.refused++;
      this.next -= n;
      await res.text();
      return false;
    }
    if (res.status !== 200) throw new Error(`${res.status} ${await res.text()}`);
    const ack = (await res.json()) as StreamEventsAck;
    if (ack.firstSeq !== undefined) this.sent.push({ first: ack.firstSeq, last: ack.lastSeq!, at });
    return true;
  }

  sentAt(seq: number): number | undefined {
    let lo = 0;
    let hi = this.sent.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const r = this.sent[mid]!;
      if (seq < r.first) hi = mid - 1;
      else if (seq > r.last) lo = mid + 1;
      else return r.at;
    }
    return undefined;
  }
}

async function state(base: string, name: string): Promise<StreamState> {
  const res = await fetch(`${base}/pipelines/streams/${name}`);
  return (await res.json()) as StreamState;
}

async function startStream(base: string, name: string, analyzer: Analyzer) {
  const res = await fetch(`${base}/pipelines/streams`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    // Windows kept for the latency reading; every other setting is the default.
    body: JSON.stringify({ name, analyzer: analyzer.body, retention: { windows: 1_000 } }),
  });
  if (res.status !== 201) throw new Error(`${res.status} ${await res.text()}`);
}

async function stopStream(base: string, name: string, windows: Map<number, StreamWindow>) {
  await fetch(`${base}/pipelines/streams/${name}`, { method: 'DELETE' });
  for (;;) {
    const s = await state(base, name);
    for (const w of s.windows) windows.set(w.seq, w);
    if (s.status === 'stopped') return s;
    await sleep(200);
  }
}

/** Two closed-loop producers for `seconds`; the rate counted after the first quarter (warm-up). */
async function saturate(stack: Stack, analyzer: Analyzer) {
  const name = `${analyzer.label}-saturation`;
  await startStream(stack.baseUrl, name, analyzer);
  const producer = new Producer(stack.baseUrl, name);
  const end = Date.now() + analyzer.seconds * 1000;
  const loop = async () => {
    while (Date.now() < end) if (!(await producer.post(analyzer.perPost))) await sleep(100);
  };
  const loops = [loop(), loop()];
  await sleep((analyzer.seconds * 1000) / 4);
  const from = await state(stack.baseUrl, name);
  const fromAt = Date.now();
  await Promise.all(loops);
  const to = await state(stack.baseUrl, name);
  const seconds = (Date.now() - fromAt) / 1000;
  const final = await stopStream(stack.baseUrl, name, new Map());
  return {
    eventsPerSecond: Math.round(((to.processed - from.processed) / seconds) * 10) / 10,
    accepted: final.accepted,
    processed: final.processed,
    failed: final.failed,
    refusedPosts: producer.refused,
    generations: final.generation + 1,
  };
}

/** One producer offering `rate` events/s in posts every 100 ms; latency POST → window analysed. */
async function paced(stack: Stack, analyzer: Analyzer, rate: number) {
  const name = `${analyzer.label}-paced`;
  await startStream(stack.baseUrl, name, analyzer);
  const producer = new Producer(stack.baseUrl, name);
  const windows = new Map<number, StreamWindow>();
  const end = Date.now() + analyzer.seconds * 1000;
  let owed = 0;
  let polling = true;
  const poll = (async () => {
    while (polling) {
      for (const w of (await state(stack.baseUrl, name)).windows) windows.set(w.seq, w);
      await sleep(250);
    }
  })();
  while (Date.now() < end) {
    owed += rate / 10;
    const n = Math.floor(owed);
    if (n > 0 && (await producer.post(n))) owed -= n;
    await sleep(100);
  }
  polling = false;
  await poll;
  const final = await stopStream(stack.baseUrl, name, windows);
  const latencies: number[] = [];
  for (const w of windows.values())
    for (let seq = w.firstSeq; seq <= w.lastSeq; seq++) {
      const at = producer.sentAt(seq);
      if (at !== undefined) latencies.push(w.analysedAtMs - at);
    }
  return {
    offeredPerSecond: rate,
    events: final.processed,
    measured: latencies.length,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99) },
    refusedPosts: producer.refused,
  };
}

const stack = await startStack({
  api: true,
  models: [SMOL],
  // LLM_SEQUENCES: what a CPU worker picks for this model by default.
  env: { LLM_SEQUENCES: '16', RATE_LIMIT_PER_MINUTE: '0' },
});
const figures: Record<string, unknown> = {
  defaults: 'window 16 events / 1000 ms, buffer 512, 2 batches at once',
};
try {
  for (const analyzer of ANALYZERS) {
    const saturation = await saturate(stack, analyzer);
    const latency = await paced(stack, analyzer, Math.max(1, Math.round(saturation.eventsPerSecond / 2)));
    figures[analyzer.label] = { saturation, latency };
    console.log(analyzer.label, JSON.stringify(figures[analyzer.label]));
  }
} finally {
  await stack.teardown();
}
report('stream', figures);
