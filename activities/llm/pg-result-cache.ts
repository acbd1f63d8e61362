// The result cache in PostgreSQL, for a deployment that has one (the native cluster does): every
// GPU worker process of the deployment shares it, and it survives the workers' machines. Same
// keys, size cap (least recently used out) and time to live (since last use) as the file store.
import pg from 'pg';
import { resultCacheKey } from './result-cache.js';
import type { ResultCacheStore } from './result-cache.js';

export interface PgResultCacheOptions {
  /** postgres://user@host:port/database */
  url: string;
  maxBytes: number;
  ttlMs: number;
  now?: () => number;
  /** Told when the database cannot be reached or refuses (the call goes on uncached). */
  onError?: (err: Error) => void;
}

const TABLE = 'llm_result_cache';

export class PgResultCache implements ResultCacheStore {
  private readonly pool: pg.Pool;
  private readonly now: () => number;
  private ready: Promise<void> | undefined;
  /** Bytes stored, counted once from the table, then kept (an overwrite counts twice until eviction). */
  private bytes: number | undefined;

  constructor(private readonly options: PgResultCacheOptions) {
    this.now = options.now ?? Date.now;
    // Two connections a process: the cache is read before a call and written after it.
    this.pool = new pg.Pool({ connectionString: options.url, max: 2, connectionTimeoutMillis: 5_000 });
    this.pool.on('error', (err) => this.options.onError?.(err));
  }

  key(modelFile: string, activity: string, input: object): string {
    return resultCacheKey(modelFile, activity, input);
  }

  private table(): Promise<void> {
    this.ready ??= this.pool
      .query(
        `CREATE TABLE IF NOT EXISTS ${TABLE} (
           key text PRIMARY KEY,
           value text NOT NULL,
           bytes integer NOT NULL,
           used_at bigint NOT NULL
         )`,
      )
      .then(() => undefined)
      .catch((err: Error) => {
        this.ready = undefined; // try again on the next call
        throw err;
      });
    return this.ready;
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      await this.table();
      const now = this.now();
      const expired = now - this.options.ttlMs;
      // One round trip: an expired entry goes as it is met; a live one is marked used now (the
      // last to be evicted) and returned.
      const r = await this.pool.query<{ value: string }>(
        `WITH expired AS (DELETE FROM ${TABLE} WHERE key = $1 AND used_at < $3)
         UPDATE ${TABLE} SET used_at = $2 WHERE key = $1 AND used_at >= $3 RETURNING value`,
        [key, now, expired],
      );
      const row = r.rows[0];
      return row ? (JSON.parse(row.value) as T) : undefined;
    } catch (err) {
      this.options.onError?.(err as Error);
      return undefined;
    }
  }

  async put(key: string, value: unknown): Promise<void> {
    const data = JSON.stringify(value);
    if (data.length > this.options.maxBytes) return;
    try {
      await this.table();
      await this.pool.query(
        `INSERT INTO ${TABLE} (key, value, bytes, used_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, bytes = EXCLUDED.bytes, used_at = EXCLUDED.used_at`,
        [key, data, data.length, this.now()],
      );
      this.bytes = this.bytes === undefined ? await this.storedBytes() : this.bytes + data.length;
      if (this.bytes > this.options.maxBytes) await this.evict();
    } catch (err) {
      this.options.onError?.(err as Error);
    }
  }

  private async storedBytes(): Promise<number> {
    const r = await this.pool.query<{ total: string | null }>(`SELECT sum(bytes) AS total FROM ${TABLE}`);
    return Number(r.rows[0]?.total ?? 0);
  }

  /** Removes the least recently used entries until the table holds at most 90 % of the cap. */
  private async evict(): Promise<void> {
    await this.pool.query(
      `DELETE FROM ${TABLE} WHERE key IN (
         SELECT key FROM (
           SELECT key, sum(bytes) OVER (ORDER BY used_at DESC, key) AS kept FROM ${TABLE}
         ) ranked WHERE kept > $1
       )`,
      [Math.floor(this.options.maxBytes * 0.9)],
    );
    this.bytes = await this.storedBytes();
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
