// `npm start`: the whole system on one machine. An embedded Temporal dev server (unless
// TEMPORAL_ADDRESS names a cluster), the workflow, CPU and GPU workers and the API, each its
// own process with prefixed logs. Ctrl-C / SIGTERM stops them in order and leaves nothing behind.
import { loadConfigOrExit } from '../config/app-config.js';
import { temporalCliPath } from '../config/binaries.js';
import { fromRoot } from '../config/project-root.js';
import { RestartPolicy } from './lib/restart-policy.js';
import { Supervisor } from './lib/supervisor.js';
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
// Each child is restarted when it dies (the dev server too, on the same SQLite file: workers and
// the API reconnect by themselves), with backoff; one that keeps dying stops the whole system.
const policies = new Map(names.map((n) => [n, RestartPolicy.withDefaults()]));
const supervisor = new Supervisor(names, config.log.format, (spec, code, signal, ranMs) => {
  const how = signal ?? `code ${code}`;
  const decision = policies.get(spec.name)!.onExit(ranMs);
  if (!decision.restart) {
    say(`!!! ${spec.name} exited (${how}) after ${decision.reason}: giving up and stopping everything`);
    void shutdown(1);
    return;
  }
  say(`!!! ${spec.name} exited unexpectedly (${how}): restarting it in ${decision.delayMs} ms`);
  setTimeout(() => {
    if (shuttingDown) return;
    supervisor.start(spec);
    say(`${spec.name} restarted`);
  }, decision.delayMs).unref();
});
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
