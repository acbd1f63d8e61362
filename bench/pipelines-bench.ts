// `npm run bench:pipelines`: each pipeline with its demo input (a) as built, model calls in
// parallel, and (b) with the same calls forced one at a time (a model worker with one sequence,
// so every model call waits for the one before). Median of 3, interleaved; figures in
// bench/results/pipelines.json, the chart in bench/charts/pipelines.svg (shown in the README).
// Both run the topology users run (`npm start`: supervisor, dev server, separate worker
// processes, API), (a) with default settings, (b) with LLM_SEQUENCES=1.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import { fromRoot } from '../config/project-root.js';
import { startNpmStartSystem } from './npm-start-system.js';
import type { RunningSystem } from './npm-start-system.js';
import { PIPELINES as REGISTERED } from '../workflows/pipelines/pipeline-registry.js';
import { researchIndexPipeline } from '../workflows/pipelines/research/research.pipeline.js';
import { DEMO_COLLECTION, RESEARCH_INDEX_FOLDER } from '../workflows/contracts/index.js';
import type { Usage } from '../workflows/contracts/index.js';
import { barChartSvg } from './svg-bar-chart.js';
import { lastFigures, postJson, report, resultOf } from './bench-stack.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
// Every registered pipeline with its example, but those timed elsewhere.
const PIPELINES: Record<string, unknown> = Object.fromEntries(
  REGISTERED.filter((p) => p.benchmark !== false).map((p) => [p.route, p.example]),
);

// `npm run bench:pipelines -- decision research` runs just those.
const chosen = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(PIPELINES);

async function runOnce(stack: RunningSystem, name: string, body: unknown) {
  const started = Date.now();
  const { workflowId } = await postJson(`${stack.baseUrl}/pipelines/${name}`, body);
  const outcome = await resultOf<{ usage: Usage }>(stack.baseUrl, workflowId);
  if (outcome.status !== 'COMPLETED') throw new Error(`${name}: ${JSON.stringify(outcome)}`);
  return { seconds: (Date.now() - started) / 1000, usage: outcome.result.usage };
}

// The default sequence count (16 for these small models on a CPU) against one.
const parallel = await startNpmStartSystem({ RATE_LIMIT_PER_MINUTE: '0' });
const serial = await startNpmStartSystem({ LLM_SEQUENCES: '1', RATE_LIMIT_PER_MINUTE: '0' });
const figures: Record<string, unknown> = {};
try {
  // The research demo's index, built from scratch once (timed), then current for every run;
  // BENCH_KEEP_INDEX=1 reuses the one on disk.
  if (!process.env.BENCH_KEEP_INDEX) {
    rmSync(join(parallel.dataDir, RESEARCH_INDEX_FOLDER, DEMO_COLLECTION), {
      recursive: true,
      force: true,
    });
  }
  const indexStarted = Date.now();
  const { workflowId } = await postJson(
    `${parallel.baseUrl}/pipelines/research/index`,
    researchIndexPipeline.example,
  );
  const built = await resultOf<{ status: string; files: number; chunks: number; usage: Usage }>(
    parallel.baseUrl,
    workflowId,
  );
  if (built.status !== 'COMPLETED') throw new Error(`research index: ${JSON.stringify(built)}`);
  const index = { seconds: (Date.now() - indexStarted) / 1000, ...built.result };
  console.log(`research index: ${JSON.stringify(index)}`);
  // A reused index says nothing about build time: the last build's figure stays.
  if (built.result.status === 'built') figures.researchIndex = index;
  for (const [name, body] of Object.entries(PIPELINES).filter(([n]) => chosen.includes(n))) {
    const a: number[] = [];
    const b: number[] = [];
    let usage: Usage | undefined;
    for (let i = 0; i < RUNS; i++) {
      const ra = await runOnce(parallel, name, body);
      a.push(ra.seconds);
      usage = ra.usage;
      b.push((await runOnce(serial, name, body)).seconds);
      console.log(
        `${name} run ${i + 1}: parallel ${ra.seconds.toFixed(1)} s, one at a time ${b.at(-1)!.toFixed(1)} s`,
      );
    }
    figures[name] = {
      parallelSeconds: { median: median(a), runs: a },
      oneAtATimeSeconds: { median: median(b), runs: b },
      reduction: Math.round((1 - median(a) / median(b)) * 1000) / 1000,
      completionTokensPerSecond: Math.round((usage!.completionTokens / median(a)) * 10) / 10,
      usage,
    };
  }
} finally {
  await parallel.stop();
  await serial.stop();
}
// A run of some pipelines keeps the others' figures from the last full run.
if (chosen.length < Object.keys(PIPELINES).length)
  for (const [name, f] of Object.entries(lastFigures('pipelines'))) figures[name] ??= f;
report('pipelines', {
  runs: RUNS,
  // What the systems serve with default settings (they load LLM_MODELS as a user's would).
  models: loadConfig().llm.models.map((m) => m.name),
  topology:
    'npm start (supervisor, dev server on SQLite, separate worker processes, API); (a) default settings, (b) LLM_SEQUENCES=1',
  figures,
});
const chart = barChartSvg(
  'Pipelines: wall time, median of 3 (2-core CPU, bundled models)',
  's',
  Object.keys(PIPELINES)
    .filter((name) => figures[name])
    .map((name) => {
      const x = figures[name] as {
        parallelSeconds: { median: number };
        oneAtATimeSeconds: { median: number };
      };
      return {
        label: name,
        bars: [
          { label: 'as built (parallel)', value: x.parallelSeconds.median },
          { label: 'model calls one at a time', value: x.oneAtATimeSeconds.median },
        ],
      };
    }),
);
mkdirSync(fromRoot('bench', 'charts'), { recursive: true });
writeFileSync(fromRoot('bench', 'charts', 'pipelines.svg'), chart);
console.log('chart: bench/charts/pipelines.svg');
