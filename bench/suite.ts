// `npm run bench [-- name ...]`: each scenario run side by side with its peer in the same run —
// plain single-process Node for the data path, a plain Temporal SDK workflow on the same server
// for fan-out, chains and starts — interleaved, median and spread of BENCH_RUNS (default 5).
// The stack is the embedded default of `npm start`: dev server on a SQLite file (WAL), workers
// and API. Figures in bench/results/suite.json, one chart per scenario in bench/charts/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import { fromRoot } from '../config/project-root.js';
import { startStack } from '../runtime/stack.js';
import { report } from './bench-stack.js';
import { startPlainWorkers } from './peer/plain-sdk-workers.js';
import { chain } from './scenarios/chain.js';
import { delayFanOut, echoFanOut } from './scenarios/fan-out.js';
import { million } from './scenarios/million.js';
import { median } from './scenarios/scenario.js';
import type { Scenario, ScenarioResult, Series } from './scenarios/scenario.js';
import { starts } from './scenarios/starts.js';
import { wordCount } from './scenarios/word-count.js';
import { barChartSvg } from './svg-bar-chart.js';

// starts leaves thousands of echo runs finishing behind it: it goes last.
const SCENARIOS: Scenario[] = [delayFanOut, echoFanOut, chain, wordCount, starts, million];
const asked = process.argv.slice(2);
const chosen = SCENARIOS.filter((s) => (asked.length ? asked.includes(s.name) : !s.optIn));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const spread = (s: Series) => ({
  median: Math.round(median(s.values) * 1000) / 1000,
  min: Math.round(Math.min(...s.values) * 1000) / 1000,
  max: Math.round(Math.max(...s.values) * 1000) / 1000,
  unit: s.unit,
  label: s.label,
  runs: s.values.map((v) => Math.round(v * 1000) / 1000),
});

const dbFile = fromRoot('.data', 'bench', `temporal-${Date.now()}.sqlite`);
mkdirSync(join(dbFile, '..'), { recursive: true });
const stack = await startStack({
  api: true,
  dbFile,
  // BENCH_SERVER_ARGS="--dynamic-config-value k=v ..." tries server settings against the defaults.
  serverArgs: process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [],
  env: { LOG_LEVEL: 'WARN', RATE_LIMIT_PER_MINUTE: '0' },
});
const client = new Client({ connection: stack.env.connection, namespace: stack.config.temporal.namespace });
const plain = await startPlainWorkers(stack.env.nativeConnection, stack.config.temporal.namespace);
const results: Record<string, unknown> = {};
try {
  for (const scenario of chosen) {
    console.log(`--- ${scenario.name}: ${scenario.title}`);
    const r: ScenarioResult = await scenario.run({ stack, client, runs: scenario.optIn ? 1 : RUNS });
    results[scenario.name] = {
      title: scenario.title,
      ours: spread(r.ours),
      ...(r.peer
        ? {
            peer: spread(r.peer),
            ratio: Math.round((median(r.ours.values) / median(r.peer.values)) * 100) / 100,
          }
        : {}),
      target: r.target,
      meetsTarget: r.meetsTarget,
      ...(r.details ? { details: r.details } : {}),
    };
    console.log(JSON.stringify(results[scenario.name]));
    mkdirSync(fromRoot('bench', 'charts'), { recursive: true });
    writeFileSync(
      fromRoot('bench', 'charts', `${scenario.name}.svg`),
      barChartSvg(`${scenario.title} — median of ${r.ours.values.length}`, r.ours.unit, [
        {
          label: scenario.name,
          bars: [
            { label: r.ours.label, value: median(r.ours.values) },
            ...(r.peer ? [{ label: r.peer.label, value: median(r.peer.values) }] : []),
          ],
        },
      ]),
    );
  }
} finally {
  await plain.stop();
  await stack.teardown();
  rmSync(join(dbFile, '..'), { recursive: true, force: true });
}
report(asked.length ? `suite-${asked.join('-')}` : 'suite', { runs: RUNS, scenarios: results });
