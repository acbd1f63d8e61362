import pg from 'pg';

export const CACHE_DATABASE = 'parallel_ai_cache';

/**
 * The database of the model workers' result cache on the cluster's PostgreSQL, created on first
 * use; its URL (what LLM_CACHE_DATABASE_URL is set to).
 */
export async function ensureCacheDatabase(port: number, user = 'temporal'): Promise<string> {
  const client = new pg.Client({ connectionString: `postgres://${user}@127.0.0.1:${port}/postgres` });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [CACHE_DATABASE]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${CACHE_DATABASE}`);
  } finally {
    await client.end();
  }
  return `postgres://${user}@127.0.0.1:${port}/${CACHE_DATABASE}`;
}
