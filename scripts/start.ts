// `npm start`: the whole system on one machine. An embedded Temporal dev server (unless
// TEMPORAL_ADDRESS names a cluster), the workflow, CPU and GPU workers and the API, each its
// own process with prefixed logs. Ctrl-C / SIGTERM stops them in order and leaves nothing behind.
import { loadConfigOrExit } from '../config/app-config.js';
import { temporalCliPath } from '../config/binaries.js';
import { fromRoot } from '../config/project-root.js';
import { restartingSupervisor } from './lib/restarting-supervisor.js';
import type { ChildSpec } from './lib/supervisor.js';
import { waitForTemporal } from './lib/wait-for-temporal.js';

const config = loadConfigOrExit('start');

const node = (name: string, entry: string, metricsOffset?: number): ChildSpec => ({
  name,
  command: process.execPath,
  args: ['--enable-source-maps', fromRoot('dist', entry)],
  // Each worker serves Prometheus metrics on a port of its own (METRICS_BASE_PORT=0: none).
  ...(metricsOffset !== undefined && config.metrics.basePort > 0
    ? { env: { METRICS_PORT: String(config.metrics.basePort + metricsOffset) } }
    : {}),
});

const appChildren: ChildSpec[] = [
  node('worker:workflows', 'workers/workflow-worker.js', 0),
  node('worker:cpu', 'workers/cpu-worker.js', 1),
  node('worker:gpu', 'workers/gpu-worker.js', 2),
  node('api', 'api/main.js'),
];
const names = ['start', 'temporal', ...appChildren.map((c) => c.name)];

let shuttingDown = false;
// A child that keeps dying is held back while the rest keep running; /health names the queue it
// no longer serves.
const supervisor = restartingSupervisor('start', names.slice(1), config.log.format);
const say = (line: string) => supervisor.log('start', line);

async function shutdown(exitCode: number): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  say('shutting down: API and workers drain first, then the server');
  await supervisor.stopAll(config.shutdownGraceMs + 5_000, [appChildren.map((c) => c.name), ['temporal']]);
  say('all processes stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

if (config.temporal.embedded) {
  try {
    temporalCliPath(); // fail fast, with the message saying how to get it
  } catch (err) {
    say((err as Error).message);
    process.exit(1);
  }
  // Through the Node wrapper, which also stops the server should this supervisor die abruptly.
  supervisor.start(node('temporal', 'scripts/temporal-dev-server.js'));
  say(
    `Temporal dev server on ${config.temporal.address}, Web UI ${config.temporal.uiUrl}, data ${config.temporal.dbFile}`,
  );
} else {
  say(`using the Temporal cluster at ${config.temporal.address} (namespace ${config.temporal.namespace})`);
}

try {
  await waitForTemporal(config);
} catch (err) {
  say((err as Error).message);
  await shutdown(1);
}
if (!shuttingDown) {
  say('Temporal is up: starting workers and API');
  for (const child of appChildren) supervisor.start(child);
  say(`API on http://localhost:${config.apiPort} (health: /health, docs: /docs)`);
}
