// `npm run cluster`: a production-like Temporal cluster on this machine without Docker. PostgreSQL
// from the system's packages, the Temporal server and Web UI built from the Go module proxy at
// pinned versions (once), data under .data/cluster (kept: history survives a restart). Prints
// `TEMPORAL_ADDRESS=…` once the namespace is ready; Ctrl-C / SIGTERM stops everything in order.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { temporalCliPath } from '../config/binaries.js';
import { exitWithParent } from '../config/exit-with-parent.js';
import { CUSTOM_SEARCH_ATTRIBUTES } from '../workflows/contracts/index.js';
import { applySchemas } from './cluster/apply-schemas.js';
import { ensureBinaries, schemaDir } from './cluster/binaries.js';
import { clusterSettings } from './cluster/cluster-settings.js';
import { ensureCacheDatabase } from './cluster/cache-database.js';
import { LocalPostgres } from './cluster/local-postgres.js';
import { renderServerConfig, renderUiConfig } from './cluster/render-config.js';
import { Supervisor } from './lib/supervisor.js';

const settings = clusterSettings();
const address = `127.0.0.1:${settings.frontendPort}`;
let stopping = false;
const supervisor = new Supervisor(
  ['cluster', 'postgres', 'temporal', 'ui'],
  process.env.LOG_FORMAT === 'json' ? 'json' : 'text',
  (spec, code, signal) => {
    say(`!!! ${spec.name} exited (${signal ?? `code ${code}`}): stopping the cluster`);
    void stop(1);
  },
);
const say = (line: string) => supervisor.log('cluster', line);

async function stop(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping: UI, then the server, then PostgreSQL');
  await supervisor.stopAll(20_000, [['ui'], ['temporal'], ['postgres']]);
  say('stopped');
  process.exit(exitCode);
}
// Started by a test or benchmark (EXIT_WITH_PARENT=1): stop cleanly should it die.
exitWithParent('cluster', () => void stop(1));
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

/** Runs the CLI against the cluster; an "already exists" answer counts as done. */
function cli(args: string[]): void {
  const r = spawnSync(temporalCliPath(), [...args, '--address', address], { encoding: 'utf8' });
  if (r.status !== 0 && !/already (exists|registered)/i.test(`${r.stderr}${r.stdout}`))
    throw new Error(`temporal ${args.join(' ')}: ${r.stderr || r.stdout}`);
}

async function waitFor(what: string, check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline || stopping) throw new Error(`${what} not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

try {
  const bins = ensureBinaries(settings.binDir, say);
  const serverRoot = join(settings.dataDir, 'server');
  const uiRoot = join(settings.dataDir, 'ui');
  mkdirSync(join(serverRoot, 'config'), { recursive: true });
  mkdirSync(join(uiRoot, 'config'), { recursive: true });
  writeFileSync(join(serverRoot, 'config', 'cluster.yaml'), renderServerConfig(settings));
  writeFileSync(join(uiRoot, 'config', 'cluster.yaml'), renderUiConfig(settings));

  const pg = new LocalPostgres(bins.postgresBin, join(settings.dataDir, 'postgres'), settings.postgresPort);
  if (pg.init()) say(`PostgreSQL data folder created: ${pg.dataDir}`);
  supervisor.start(pg.spec());
  await pg.waitReady();
  applySchemas(bins.sqlTool, settings.postgresPort, schemaDir(), say);
  const cacheUrl = await ensureCacheDatabase(settings.postgresPort);

  supervisor.start({
    name: 'temporal',
    command: bins.server,
    args: ['--root', serverRoot, '--config', 'config', '--env', 'cluster', '--allow-no-auth', 'start'],
  });
  const answers = () =>
    spawnSync(temporalCliPath(), ['operator', 'cluster', 'health', '--address', address]).status === 0;
  await waitFor('the Temporal server', answers, 120_000);
  cli(['operator', 'namespace', 'create', '--namespace', settings.namespace, '--retention', '72h']);
  const described = () =>
    spawnSync(temporalCliPath(), [
      'operator',
      'namespace',
      'describe',
      '--namespace',
      settings.namespace,
      '--address',
      address,
    ]).status === 0;
  await waitFor('the namespace', described, 60_000);
  for (const [name, type] of Object.entries(CUSTOM_SEARCH_ATTRIBUTES))
    cli([
      'operator',
      'search-attribute',
      'create',
      '--namespace',
      settings.namespace,
      '--name',
      name,
      '--type',
      type,
    ]);

  if (bins.uiServer) {
    supervisor.start({
      name: 'ui',
      command: bins.uiServer,
      args: ['--root', uiRoot, '--config', 'config', '--env', 'cluster', 'start'],
    });
    say(`Web UI: http://127.0.0.1:${settings.uiPort}`);
  }
  say(`server metrics: http://127.0.0.1:${settings.metricsPort}/metrics`);
  // The one line scripts and people look for.
  console.log(`TEMPORAL_ADDRESS=${address}`);
  // The model workers' result cache, shared by all of them (LLM_CACHE_DATABASE_URL).
  console.log(`LLM_CACHE_DATABASE_URL=${cacheUrl}`);
} catch (err) {
  say(`failed: ${(err as Error).message}`);
  await stop(1);
}
