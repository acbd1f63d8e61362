// `npm run bench:cluster`: the project on the native cluster (`npm run cluster`'s server on
// PostgreSQL) with one, then two CPU worker processes: a CPU-bound map-reduce (word count of the
// licence corpus, BENCH_COPIES copies, default 400 ≈ 120 MB, with the defaults a user gets), and
// workflow starts through the API (50 concurrent callers). Median of BENCH_RUNS (3), JSON in
// bench/results/cluster.json.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { startNodeProcess, stopProcess, until } from '../scripts/lib/child-processes.js';
import type { Running } from '../scripts/lib/child-processes.js';
import { freePort } from '../scripts/lib/free-port.js';
import { startNativeCluster } from '../scripts/cluster/native-cluster.js';
import type { MapReduceResult } from '../workflows/contracts/index.js';
import { postJson, report, resultOf } from './bench-stack.js';
import { load } from './scenarios/starts.js';
import { corpus } from './scenarios/word-count.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COPIES = Number(process.env.BENCH_COPIES ?? 400);
const processes: Running[] = [];
const start = (name: string, entry: string, env: NodeJS.ProcessEnv) => {
  const p = startNodeProcess(name, entry, env);
  processes.push(p);
  return p;
};

const cluster = await startNativeCluster('parallel-ai-cluster-bench-');
const { dir } = cluster;
const figures: Record<string, unknown> = {};
try {
  const apiPort = await freePort();
  const env = {
    TEMPORAL_ADDRESS: cluster.address,
    DATA_DIR: join(dir, 'inputs'),
    PORT: String(apiPort),
    RATE_LIMIT_PER_MINUTE: '0',
    // /health wants every configured model served: one small model, idle during the runs.
    LLM_MODELS: 'smollm2-135m=models/SmolLM2-135M-Instruct.Q4_1.gguf',
    LLM_SEQUENCES: '1',
  };
  const base = `http://127.0.0.1:${apiPort}`;
  const file = corpus(env.DATA_DIR, COPIES);
  start('workflows', 'workers/workflow-worker.js', env);
  start('gpu', 'workers/gpu-worker.js', env);
  start('api', 'api/main.js', env);
  const wordCount = async () => {
    const t0 = performance.now();
    const { workflowId } = await postJson(`${base}/workflows/map-reduce`, {
      source: { type: 'lines', path: file.name },
      mapper: 'text.wordCount',
      reducer: 'counts.merge',
    });
    const out = await resultOf<MapReduceResult>(base, workflowId);
    if (out.status !== 'COMPLETED') throw new Error(JSON.stringify(out));
    return (performance.now() - t0) / 1000;
  };
  for (const workers of [1, 2]) {
    start(`cpu-${workers}`, 'workers/cpu-worker.js', env);
    await until(
      async () => (await fetch(`${base}/health`).catch(() => undefined))?.status === 200,
      120_000,
      `the API and ${workers} CPU worker(s)`,
    );
    await wordCount(); // warm-up: line index built, caches warm
    const times: number[] = [];
    for (let r = 0; r < RUNS; r++) times.push(await wordCount());
    figures[`wordCount${workers}Cpu`] = {
      seconds: median(times),
      runs: times,
      mb: Math.round(file.bytes / 1e6),
    };
    console.log(`word count, ${workers} CPU worker(s): ${median(times).toFixed(2)} s`);
  }
  const echo = async () => {
    const res = await fetch(`${base}/workflows/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: 'hi' }),
    });
    if (res.status !== 201) throw new Error(`start: ${res.status}`);
    await res.arrayBuffer();
  };
  const starts = [];
  for (let r = 0; r < RUNS; r++) starts.push(await load(echo));
  figures.startsPerSecond = median(starts.map((s) => s.perSecond));
  figures.startsP99Ms = median(starts.map((s) => s.p99Ms));
  console.log(`starts: ${(figures.startsPerSecond as number).toFixed(0)}/s`);
} finally {
  for (const p of processes) await stopProcess(p, 'SIGKILL');
  await stopProcess(cluster.process);
  rmSync(dir, { recursive: true, force: true });
}
report('cluster', figures);
