// What `npm run cluster` runs, where and on which ports: pinned versions, one place.
import { z } from 'zod';
import { fromRoot } from '../../config/project-root.js';

export const VERSIONS = {
  /** The server and its SQL schema tool, built from the Go module proxy. */
  temporal: 'v1.32.2',
  /**
   * The Web UI server (its module embeds the UI's assets). v2.56 and v2.58 need module versions
   * the registry mirror here lacks; v2.54.1 builds from it.
   */
  ui: 'v2.54.1',
} as const;

/** The compose file's server runs with the same count (NUM_HISTORY_SHARDS); checked by a test. */
export const NUM_HISTORY_SHARDS = 4;

const port = z.coerce.number().int().min(1).max(65_535);
const envSchema = z.object({
  CLUSTER_PORT: port.default(7233),
  CLUSTER_POSTGRES_PORT: port.default(55432),
  CLUSTER_UI_PORT: port.default(8233),
  CLUSTER_METRICS_PORT: port.default(8000),
  // Ring membership ports are stored as smallint by the server's schema: at most 32767.
  CLUSTER_MEMBERSHIP_PORT: z.coerce.number().int().min(1).max(32_700).default(6933),
  CLUSTER_NAMESPACE: z.string().min(1).default('default'),
  /** Where PostgreSQL's data and the rendered configuration live (default .data/cluster). */
  CLUSTER_DATA_DIR: z.string().min(1).optional(),
});

export interface ClusterSettings {
  frontendPort: number;
  postgresPort: number;
  uiPort: number;
  metricsPort: number;
  /** The first of the services' membership ports (frontend; history +1, matching +2, worker +6). */
  membershipPort: number;
  namespace: string;
  /** Data (PostgreSQL's folder, rendered configuration) and built binaries. */
  dataDir: string;
  binDir: string;
}

export function clusterSettings(env: NodeJS.ProcessEnv = process.env): ClusterSettings {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success)
    throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const e = parsed.data;
  return {
    frontendPort: e.CLUSTER_PORT,
    postgresPort: e.CLUSTER_POSTGRES_PORT,
    uiPort: e.CLUSTER_UI_PORT,
    metricsPort: e.CLUSTER_METRICS_PORT,
    membershipPort: e.CLUSTER_MEMBERSHIP_PORT,
    namespace: e.CLUSTER_NAMESPACE,
    dataDir: e.CLUSTER_DATA_DIR ? fromRoot(e.CLUSTER_DATA_DIR) : fromRoot('.data', 'cluster'),
    binDir: fromRoot('.local', 'cluster'),
  };
}
