import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { PgResultCache } from '../../../activities/llm/pg-result-cache.js';
import { CAP_BYTES, fillPastCap } from '../../helpers/result-cache-scenarios.js';
import { ensureCacheDatabase } from '../../../scripts/cluster/cache-database.js';
import { startTemporaryPostgres } from '../../../scripts/cluster/temporary-postgres.js';
import type { TemporaryPostgres } from '../../../scripts/cluster/temporary-postgres.js';
import { freePort } from '../../../scripts/lib/free-port.js';

// The result cache in a real PostgreSQL (the Debian package, as the native cluster uses; installed
// by apt-get when missing and running as root, else this says what to install), in a folder of
// its own on a free port.
describe('result cache in PostgreSQL', { timeout: 300_000 }, () => {
  let url = '';
  const stores: PgResultCache[] = [];
  const store = (options: { maxBytes?: number; ttlMs?: number; now?: () => number } = {}) => {
    const s = new PgResultCache({ url, maxBytes: 1 << 20, ttlMs: 60_000, ...options });
    stores.push(s);
    return s;
  };

  let server: TemporaryPostgres | undefined;
  before(async () => {
    server = await startTemporaryPostgres();
    // The database the native cluster makes for the cache (twice: the second finds it).
    url = await ensureCacheDatabase(server.port);
    assert.equal(await ensureCacheDatabase(server.port), url);
    assert.match(url, /\/parallel_ai_cache$/);
  });
  after(async () => {
    await Promise.all(stores.map((s) => s.close()));
    await server?.stop();
  });

  const truncate = async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query('TRUNCATE llm_result_cache');
    await client.end();
  };

  it('returns what another worker stored, under the same keys as the file store', async () => {
    const a = store();
    const b = store();
    const key = a.key('m.gguf:1:2', 'llm.generate', { model: 'm', prompt: 'x', maxTokens: 5 });
    assert.equal(key, b.key('m.gguf:1:2', 'llm.generate', { maxTokens: 5, prompt: 'x', model: 'm' }));
    // Another build of the model file is another key: its entries are never used.
    assert.notEqual(key, a.key('m.gguf:1:3', 'llm.generate', { model: 'm', prompt: 'x', maxTokens: 5 }));
    assert.equal(await a.get(key), undefined);
    await a.put(key, { text: 'hi', promptTokens: 3, completionTokens: 1 });
    assert.deepEqual(await b.get(key), { text: 'hi', promptTokens: 3, completionTokens: 1 });
  });

  it('forgets an entry unused for longer than its time to live', async () => {
    let t = 1_000_000;
    const c = store({ ttlMs: 1_000, now: () => t });
    await c.put('ttl1', { text: 'a' });
    t += 500;
    assert.deepEqual(await c.get('ttl1'), { text: 'a' }); // used: its time starts again
    t += 900;
    assert.deepEqual(await c.get('ttl1'), { text: 'a' });
    t += 1_100;
    assert.equal(await c.get('ttl1'), undefined);
  });

  it('keeps to its size cap, dropping the least recently used first', async () => {
    await truncate();
    const clock = { t: 2_000_000 };
    await fillPastCap(store({ maxBytes: CAP_BYTES, now: () => clock.t }), clock);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const rows = (
      await client.query<{ key: string; bytes: number }>('SELECT key, bytes FROM llm_result_cache')
    ).rows;
    await client.end();
    const keys = rows.map((r) => r.key).sort();
    assert.ok(keys.includes('aa01') && keys.includes('aa04'), keys.join(', '));
    assert.ok(!keys.includes('aa02'), keys.join(', '));
    assert.ok(rows.reduce((n, r) => n + r.bytes, 0) <= CAP_BYTES);
  });

  it('answers a miss, not an error, when the database is away', async () => {
    const errors: string[] = [];
    const away = new PgResultCache({
      url: `postgres://temporal@127.0.0.1:${await freePort()}/postgres`,
      maxBytes: 1 << 20,
      ttlMs: 60_000,
      onError: (err) => errors.push(err.message),
    });
    stores.push(away);
    assert.equal(await away.get('k'), undefined);
    await away.put('k', { text: 'x' });
    assert.ok(errors.length >= 2, errors.join('\n'));
  });
});
