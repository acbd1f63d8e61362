// `npm run bench:live`: live runs on the `npm start` topology with its defaults.
// (1) Token lag: from the moment an LLM activity hands out a piece of text to its arrival at an
//     SSE client of GET /workflows/{id}/events (p50, p99), for a scatter-gather over both default
//     models with "stream": "tokens".
// (2) Cost: 16 concurrent generations on smollm2-135m, tokens streamed vs not, interleaved in
//     the same run: completion tokens per second, and history events per 1 000 streamed tokens.
import type { LiveEvent } from '../workflows/contracts/index.js';
import { percentile } from '../workflows/lib/percentile.js';
import { readSse } from '../runtime/sse-client.js';
import { postJson, report, resultOf } from './bench-stack.js';
import { startNpmStartSystem } from './npm-start-system.js';

const MODELS = ['smollm2-135m', 'gemma3-270m'];
const LAG_RUNS = Number(process.env.BENCH_LIVE_RUNS ?? 5);
const COST_ROUNDS = Number(process.env.BENCH_LIVE_ROUNDS ?? 3);
const median = (xs: number[]) => percentile(xs, 50);

interface GatherResult {
  tasks: Array<{ status: string; output?: { completionTokens: number } }>;
}

const system = await startNpmStartSystem();
const { baseUrl } = system;
const historyLength = async (id: string) =>
  (
    (await (await fetch(`${baseUrl}/workflows/${encodeURIComponent(id)}`)).json()) as {
      historyLength: number;
    }
  ).historyLength;

try {
  // (1) Lag of every token event, and whether each model's first token came before either finished.
  const lags: number[] = [];
  let sideBySide = 0;
  for (let run = 0; run < LAG_RUNS; run++) {
    const { workflowId } = await postJson(`${baseUrl}/workflows/scatter-gather`, {
      stream: 'tokens',
      tasks: MODELS.map((model) => ({
        id: model,
        activity: 'llm.generate',
        input: { model, prompt: `Describe a city in winter (${run}).`, maxTokens: 96 },
      })),
      policy: { mode: 'all' },
    });
    const events: LiveEvent[] = [];
    await readSse(`${baseUrl}/workflows/${encodeURIComponent(workflowId)}/events`, {
      onEvent: (e) => {
        const event = JSON.parse(e.data) as LiveEvent;
        if (event.type === 'token') lags.push(Date.now() - event.at);
        events.push(event);
      },
    });
    const firstFinished = events.findIndex((e) => e.type === 'branch.finished');
    if (
      MODELS.every(
        (m) => events.findIndex((e) => e.type === 'token' && e.path === `tasks/${m}`) < firstFinished,
      )
    )
      sideBySide++;
  }

  // (2) Throughput with and without streaming, interleaved.
  const rate = { tokens: [] as number[], events: [] as number[] };
  const extraEventsPer1000: number[] = [];
  for (let round = 0; round < COST_ROUNDS; round++) {
    const lengths: Record<string, { history: number; tokens: number }> = {};
    for (const mode of ['events', 'tokens'] as const) {
      const started = Date.now();
      const { workflowId } = await postJson(`${baseUrl}/workflows/scatter-gather`, {
        stream: mode,
        tasks: Array.from({ length: 16 }, (_, i) => ({
          id: `g${i}`,
          activity: 'llm.generate',
          input: { model: MODELS[0], prompt: `Write about the number ${i + 1}.`, maxTokens: 64 },
        })),
        policy: { mode: 'all' },
      });
      const outcome = await resultOf<GatherResult>(baseUrl, workflowId);
      const seconds = (Date.now() - started) / 1000;
      const tokens = outcome.result.tasks.reduce((n, t) => n + (t.output?.completionTokens ?? 0), 0);
      rate[mode].push(tokens / seconds);
      lengths[mode] = { history: await historyLength(workflowId), tokens };
    }
    extraEventsPer1000.push(
      ((lengths.tokens!.history - lengths.events!.history) / lengths.tokens!.tokens) * 1000,
    );
  }

  report('live', {
    topology:
      'npm start (supervisor, dev server on SQLite, separate worker processes, API); default settings',
    tokenLagMs: {
      p50: percentile(lags, 50),
      p99: percentile(lags, 99),
      events: lags.length,
      runs: LAG_RUNS,
      target: 'p50 <= 250, p99 <= 1000',
    },
    firstTokenOfEachModelBeforeEitherFinished: `${sideBySide} of ${LAG_RUNS} runs`,
    throughput16: {
      streamingTokensPerSecond: median(rate.tokens),
      withoutStreamingTokensPerSecond: median(rate.events),
      ratio: median(rate.tokens) / median(rate.events),
      rounds: COST_ROUNDS,
      all: rate,
      target: 'ratio >= 0.9',
    },
    historyEventsPer1000StreamedTokens: median(extraEventsPer1000),
  });
} finally {
  await system.stop();
}
