// `npm run bench:cache`: an identical temperature-0 consensus run again with { "cache": "use" },
// in the topology users run (`npm start`, default settings): the first run computes and stores
// its model calls, the rerun is answered from the result cache. Medians over BENCH_RUNS pairs,
// each with its own question; both results must be the same. Figures in bench/results/cache.json;
// BENCH_CACHE_STORE=postgres keeps the cache in a PostgreSQL of its own instead
// (LLM_CACHE_DATABASE_URL, as the native cluster does): bench/results/cache-postgres.json.
import { ensureCacheDatabase } from '../scripts/cluster/cache-database.js';
import { startTemporaryPostgres } from '../scripts/cluster/temporary-postgres.js';
import { postJson, report, resultOf } from './bench-stack.js';
import { startNpmStartSystem } from './npm-start-system.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

const postgres = process.env.BENCH_CACHE_STORE === 'postgres' ? await startTemporaryPostgres() : undefined;
const system = await startNpmStartSystem({
  RATE_LIMIT_PER_MINUTE: '0',
  ...(postgres ? { LLM_CACHE_DATABASE_URL: await ensureCacheDatabase(postgres.port) } : {}),
});
const first: number[] = [];
const rerun: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const body = {
      question: `In one sentence: why is the sky blue? (${Date.now()}-${i})`,
      maxTokens: 48,
      judge: { model: 'gemma3-270m', criteria: 'scientifically correct and clear' },
      cache: 'use',
    };
    const results = [];
    for (const times of [first, rerun]) {
      const started = performance.now();
      const { workflowId } = await postJson(`${system.baseUrl}/pipelines/consensus`, body);
      const outcome = await resultOf<{ best: unknown; answers: Array<{ text: string | null }> }>(
        system.baseUrl,
        workflowId,
      );
      if (outcome.status !== 'COMPLETED') throw new Error(JSON.stringify(outcome));
      times.push((performance.now() - started) / 1000);
      results.push(outcome.result);
    }
    if (JSON.stringify(results[0]!.best) !== JSON.stringify(results[1]!.best))
      throw new Error(`the rerun answered differently: ${JSON.stringify(results)}`);
    console.log(`pair ${i + 1}: first ${first.at(-1)!.toFixed(2)} s, rerun ${rerun.at(-1)!.toFixed(2)} s`);
  }
} finally {
  await system.stop();
  await postgres?.stop();
}
report(postgres ? 'cache-postgres' : 'cache', {
  store: postgres ? 'PostgreSQL (LLM_CACHE_DATABASE_URL)' : 'files under DATA_DIR',
  runs: RUNS,
  topology: 'npm start (supervisor, dev server on SQLite, separate worker processes, API); default settings',
  scenario: 'consensus example (two models, a judge), temperature 0, { "cache": "use" }, run twice',
  firstSeconds: { median: median(first), runs: first },
  rerunSeconds: { median: median(rerun), runs: rerun },
  speedup: Math.round((median(first) / median(rerun)) * 10) / 10,
  sameResult: true,
});
