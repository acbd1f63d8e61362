// `npm run bench [-- name ...]`: each scenario run side by side with its peer in the same run —
// plain single-process Node for the data path, a plain Temporal SDK workflow on the same server
// for fan-out, chains and starts — interleaved, median and spread of BENCH_RUNS (default 5).
// The system is what users run: `npm start`'s processes (supervisor, embedded dev server on a
// SQLite file in WAL mode, the three worker processes, the API), default settings.
// BENCH_TOPOLOGY=one-process runs the same parts in this process instead (startStack), to see what
// the separate processes cost. Figures in bench/results/suite.json (suite-one-process.json for
// the other topology), one chart per scenario in bench/charts/.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { loadConfig } from '../config/app-config.js';
import { fromRoot } from '../config/project-root.js';
import { startStack } from '../runtime/stack.js';
import { report } from './bench-stack.js';
import { startNpmStartSystem } from './npm-start-system.js';
import { startPlainWorkers } from './peer/plain-sdk-workers.js';
import { chain } from './scenarios/chain.js';
import { delayFanOut, echoFanOut } from './scenarios/fan-out.js';
import { million } from './scenarios/million.js';
import { median } from './scenarios/scenario.js';
import type { Scenario, ScenarioResult, Series, SystemUnderTest } from './scenarios/scenario.js';
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

const onePro = process.env.BENCH_TOPOLOGY === 'one-process';
const system = onePro ? await oneProcessSystem() : await npmStartSystem();
const client = new Client({ connection: system.connection, namespace: system.namespace });
const plain = await startPlainWorkers(system.nativeConnection, system.namespace);
const results: Record<string, unknown> = {};
try {
  for (const scenario of chosen) {
    console.log(`--- ${scenario.name}: ${scenario.title}`);
    const r: ScenarioResult = await scenario.run({ system, client, runs: scenario.optIn ? 1 : RUNS });
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
  await system.stop();
}
const name = [onePro ? 'suite-one-process' : 'suite', ...asked].join('-');
report(name, {
  runs: RUNS,
  topology: onePro ? 'one process (startStack)' : "npm start's processes, default settings",
  scenarios: results,
});

interface SuiteSystem extends SystemUnderTest {
  connection: Connection;
  nativeConnection: NativeConnection;
  namespace: string;
  stop(): Promise<void>;
}

/** `npm start` as users run it, on free ports, with the API's rate limit off for the load. */
async function npmStartSystem(): Promise<SuiteSystem> {
  const running = await startNpmStartSystem({ RATE_LIMIT_PER_MINUTE: '0' });
  const connection = await Connection.connect({ address: running.temporalAddress });
  const nativeConnection = await NativeConnection.connect({ address: running.temporalAddress });
  return {
    baseUrl: running.baseUrl,
    temporalAddress: running.temporalAddress,
    dataDir: running.dataDir,
    pid: running.pid,
    connection,
    nativeConnection,
    namespace: loadConfig().temporal.namespace,
    async stop() {
      await connection.close();
      await nativeConnection.close();
      await running.stop();
    },
  };
}

/** The same parts in this process (startStack), on a SQLite file as npm start keeps. */
async function oneProcessSystem(): Promise<SuiteSystem> {
  const dbFile = fromRoot('.data', 'bench', `temporal-${Date.now()}.sqlite`);
  mkdirSync(join(dbFile, '..'), { recursive: true });
  const stack = await startStack({
    api: true,
    dbFile,
    // BENCH_SERVER_ARGS="--dynamic-config-value k=v ..." tries server settings against the defaults.
    serverArgs: process.env.BENCH_SERVER_ARGS?.split(' ').filter(Boolean) ?? [],
    env: { LOG_LEVEL: 'WARN', RATE_LIMIT_PER_MINUTE: '0' },
  });
  return {
    baseUrl: stack.baseUrl,
    temporalAddress: stack.config.temporal.address,
    dataDir: stack.config.dataDir,
    connection: stack.env.connection,
    nativeConnection: stack.env.nativeConnection,
    namespace: stack.config.temporal.namespace,
    async stop() {
      await stack.teardown();
      rmSync(join(dbFile, '..'), { recursive: true, force: true });
    },
  };
}
