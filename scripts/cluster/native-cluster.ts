import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startNodeProcess, until } from '../lib/child-processes.js';
import type { Running } from '../lib/child-processes.js';
import { freePort } from '../lib/free-port.js';

export interface NativeCluster {
  process: Running;
  /** For TEMPORAL_ADDRESS. */
  address: string;
  uiPort: number;
  /** A temporary folder of its own: the cluster's data under `cluster/`, free for the caller's files. */
  dir: string;
}

/**
 * `npm run cluster` in a temporary folder on free ports, resolved once it prints
 * TEMPORAL_ADDRESS (the first run builds the server and the UI: minutes). It stops cleanly on
 * SIGTERM, and by itself should the caller die.
 */
export async function startNativeCluster(prefix: string): Promise<NativeCluster> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  // PostgreSQL runs as its own user when this runs as root: it must reach its folder inside.
  chmodSync(dir, 0o755);
  const port = await freePort();
  const uiPort = await freePort();
  const process = startNodeProcess('cluster', 'scripts/cluster.js', {
    CLUSTER_PORT: String(port),
    CLUSTER_POSTGRES_PORT: String(await freePort()),
    CLUSTER_UI_PORT: String(uiPort),
    CLUSTER_METRICS_PORT: String(await freePort()),
    // Membership ports must stay below 32768 (see cluster-settings).
    CLUSTER_MEMBERSHIP_PORT: String(20_000 + Math.floor(Math.random() * 10_000)),
    CLUSTER_DATA_DIR: join(dir, 'cluster'),
  });
  await until(
    () => {
      if (process.child.exitCode !== null)
        throw new Error(`the cluster exited: ${process.output.join('').slice(-3000)}`);
      return process.output.join('').includes('TEMPORAL_ADDRESS=');
    },
    30 * 60_000,
    'the cluster',
  );
  return { process, address: `127.0.0.1:${port}`, uiPort, dir };
}
