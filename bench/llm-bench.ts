// `npm run bench:llm`: the same prompts (16 × 64 new tokens by default) on one model,
//   (a) one at a time through Temporal (a DAG of independent nodes, maxConcurrency 1),
//   (b) S concurrent activities through Temporal (scatter-gather, policy all),
//   (c) S sequences in this process calling node-llama-cpp directly, no Temporal,
// each REPEATS times (median reported); then, with --threads, (d) one prompt with llama.cpp's default thread count, to show what
// oversubscribing a small machine costs. Prints combined tokens/s and the ratios b/a and b/c.
import { availableParallelism } from 'node:os';
import { getLlama } from 'node-llama-cpp';
import { generateTurn } from '../activities/llm/generate-turn.js';
import { ModelHost } from '../activities/llm/model-host.js';
import { loadConfig } from '../config/app-config.js';
import { fromRoot } from '../config/project-root.js';
import { startStack } from '../runtime/stack.js';
import { WORKFLOW_TYPES } from '../workflows/contracts/index.js';
import type { DagResult, LlmGenerateOutput, ScatterGatherResult } from '../workflows/contracts/index.js';
import { report } from './bench-stack.js';

const MODEL = process.env.BENCH_MODEL ?? 'smollm2-135m';
const PROMPTS = Number(process.env.BENCH_PROMPTS ?? 16);
const MAX_TOKENS = Number(process.env.BENCH_MAX_TOKENS ?? 64);
const CONTEXT_SIZE = 1024;
/** Each of (a), (b), (c) runs this many times, interleaved; the median run is reported. */
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const withThreads = process.argv.includes('--threads');

const topics = [
  'the sea',
  'a mountain',
  'a city at night',
  'a forest',
  'the desert',
  'a river',
  'winter',
  'a library',
];
const prompts = Array.from(
  { length: PROMPTS },
  (_, i) => `Write a long, detailed paragraph about ${topics[i % topics.length]} (part ${i + 1}).`,
);
const generateInput = (prompt: string) => ({
  model: MODEL,
  prompt,
  maxTokens: MAX_TOKENS,
  temperature: 0,
  seed: 1,
});

interface Figures {
  wallMs: number;
  tokens: number;
  tokensPerSecond: number;
  /** tokens/s of every run, when repeated. */
  runs?: number[];
}

/** The run with the median tokens/s, plus the spread of all runs (a shared VM is noisy). */
function median(runs: Figures[]): Figures {
  const sorted = [...runs].sort((x, y) => x.tokensPerSecond - y.tokensPerSecond);
  return { ...sorted[Math.floor(sorted.length / 2)]!, runs: runs.map((r) => r.tokensPerSecond) };
}

function figures(wallMs: number, tokens: number): Figures {
  return {
    wallMs: Math.round(wallMs),
    tokens,
    tokensPerSecond: Number(((tokens * 1000) / wallMs).toFixed(1)),
  };
}

const stack = await startStack({
  models: [MODEL],
  env: {
    LOG_LEVEL: 'WARN',
    LLM_CONTEXT_SIZE: String(CONTEXT_SIZE),
    LLM_SEQUENCES: process.env.LLM_SEQUENCES ?? '',
  },
});
const host = stack.gpu!.hosts.get(MODEL)!;
const S = host.sequences;
let a: Figures, b: Figures, c: Figures;
try {
  // Warm-up (first evaluation allocates buffers).
  await (
    await stack.start(WORKFLOW_TYPES.dag, {
      nodes: [{ id: 'w', activity: 'llm.generate', input: { ...generateInput('Hi'), maxTokens: 4 } }],
    })
  ).result();

  const oneAtATime = async (): Promise<Figures> => {
    const t0 = performance.now();
    const seq = (await (
      await stack.start(WORKFLOW_TYPES.dag, {
        nodes: prompts.map((p, i) => ({ id: `p${i}`, activity: 'llm.generate', input: generateInput(p) })),
        maxConcurrency: 1,
      })
    ).result()) as DagResult;
    return figures(
      performance.now() - t0,
      Object.values(seq.nodes).reduce((n, x) => n + (x.output as LlmGenerateOutput).completionTokens, 0),
    );
  };
  const concurrent = async (): Promise<Figures> => {
    const t0 = performance.now();
    const par = (await (
      await stack.start(WORKFLOW_TYPES.scatterGather, {
        tasks: prompts.map((p) => ({ activity: 'llm.generate', input: generateInput(p) })),
        policy: { mode: 'all' },
      })
    ).result()) as ScatterGatherResult;
    return figures(
      performance.now() - t0,
      par.tasks.reduce((n, x) => n + (x.output as LlmGenerateOutput).completionTokens, 0),
    );
  };
  // (c): the same model, context, sequence pool and generation loop, called directly.
  const direct = async (): Promise<Figures> => {
    const t0 = performance.now();
    const out = await Promise.all(
      prompts.map((prompt) =>
        generateTurn(host, { history: [], prompt, maxTokens: MAX_TOKENS, temperature: 0, seed: 1 }),
      ),
    );
    return figures(
      performance.now() - t0,
      out.reduce((n, x) => n + x.completionTokens, 0),
    );
  };
  const runs: Record<'a' | 'b' | 'c', Figures[]> = { a: [], b: [], c: [] };
  for (let i = 0; i < REPEATS; i++) {
    runs.a.push(await oneAtATime());
    runs.b.push(await concurrent());
    runs.c.push(await direct());
  }
  a = median(runs.a);
  b = median(runs.b);
  c = median(runs.c);
} finally {
  await stack.teardown();
}

let threads: Record<string, unknown> | undefined;
if (withThreads) {
  // (d): default thread count vs the machine's cores, one prompt of 8 tokens each.
  const config = loadConfig();
  const source = config.llm.models.find((m) => m.name === MODEL)!.source;
  const time = async (maxThreads: number | undefined) => {
    const llama = await getLlama({ gpu: false, build: 'never', ...(maxThreads ? { maxThreads } : {}) });
    const h = await ModelHost.load(llama, {
      name: MODEL,
      source,
      downloadDir: fromRoot('models'),
      sequences: 1,
      contextSize: 512,
      threads: maxThreads ?? 0,
    });
    const t = performance.now();
    const { completionTokens } = await generateTurn(h, {
      history: [],
      prompt: 'Describe the sea.',
      maxTokens: 8,
      temperature: 0,
    });
    const result = figures(performance.now() - t, completionTokens);
    const used = llama.maxThreads;
    await h.dispose();
    await llama.dispose();
    return { ...result, threads: used };
  };
  const cores = availableParallelism();
  const tuned = await time(cores);
  const libraryDefault = await time(undefined);
  threads = {
    cores,
    tuned,
    libraryDefault,
    slowdown: Number((tuned.tokensPerSecond / libraryDefault.tokensPerSecond).toFixed(1)),
  };
}

report('llm', {
  model: MODEL,
  backend: host.llama.gpu === false ? 'cpu' : host.llama.gpu,
  cpuThreads: host.llama.maxThreads,
  sequences: S,
  contextSizePerSequence: CONTEXT_SIZE,
  repeats: REPEATS,
  prompts: PROMPTS,
  maxTokens: MAX_TOKENS,
  a_oneAtATimeThroughTemporal: a,
  b_concurrentThroughTemporal: b,
  c_directInProcess: c,
  ratio_b_over_a: Number((b.tokensPerSecond / a.tokensPerSecond).toFixed(2)),
  ratio_b_over_c: Number((b.tokensPerSecond / c.tokensPerSecond).toFixed(2)),
  targets: 'b >= 1.5 x a and b >= 0.9 x c (2-core CPU, smollm2-135m)',
  ...(threads ? { threads } : {}),
});
