import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deterministic, ResultCache } from '../../../activities/llm/result-cache.js';
import { CAP_BYTES, fillPastCap } from '../../helpers/result-cache-scenarios.js';

const dirs: string[] = [];
function cache(options: { maxBytes?: number; ttlMs?: number; now?: () => number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'result-cache-'));
  dirs.push(dir);
  return new ResultCache({
    dir,
    maxBytes: options.maxBytes ?? 1 << 20,
    ttlMs: options.ttlMs ?? 60_000,
    ...options,
  });
}
const files = (c: ResultCache) => {
  const dir = (c as unknown as { options: { dir: string } }).options.dir;
  return readdirSync(dir).flatMap((s) => readdirSync(join(dir, s)));
};

describe('result cache', () => {
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('keys a call by model file, activity and input, whatever the key order or live target', () => {
    const c = cache();
    const a = c.key('m.gguf:1:2', 'llm.generate', { model: 'm', prompt: 'x', maxTokens: 5 });
    assert.equal(
      a,
      c.key('m.gguf:1:2', 'llm.generate', {
        maxTokens: 5,
        prompt: 'x',
        model: 'm',
        live: { workflowId: 'w', path: '' },
      }),
    );
    assert.equal(
      a,
      c.key('m.gguf:1:2', 'llm.generate', { model: 'm', prompt: 'x', maxTokens: 5, cache: 'use' }),
    );
    // Another build of the model file is another model.
    assert.notEqual(a, c.key('m.gguf:1:3', 'llm.generate', { model: 'm', prompt: 'x', maxTokens: 5 }));
    assert.notEqual(a, c.key('m.gguf:1:2', 'llm.json', { model: 'm', prompt: 'x', maxTokens: 5 }));
    assert.notEqual(a, c.key('m.gguf:1:2', 'llm.generate', { model: 'm', prompt: 'x', maxTokens: 6 }));
  });

  it('caches only calls that answer the same every time', () => {
    assert.equal(deterministic({}), true);
    assert.equal(deterministic({ temperature: 0 }), true);
    assert.equal(deterministic({ temperature: 0.7, seed: 3 }), true);
    assert.equal(deterministic({ temperature: 0.7 }), false);
  });

  it('returns what was stored, until its time to live passes', async () => {
    let t = 1_000_000;
    const c = cache({ ttlMs: 1_000, now: () => t });
    await c.put('ab12', { text: 'hi', promptTokens: 3 });
    assert.deepEqual(await c.get('ab12'), { text: 'hi', promptTokens: 3 });
    assert.equal(await c.get('cd34'), undefined);
    t += 2_000;
    assert.equal(await c.get('ab12'), undefined);
    assert.deepEqual(files(c), []);
  });

  it('keeps to its size cap, dropping the least recently used first', async () => {
    const clock = { t: 1_000_000 };
    const c = cache({ maxBytes: CAP_BYTES, now: () => clock.t });
    await fillPastCap(c, clock);
    const left = files(c).sort();
    assert.ok(left.includes('aa01.json') && left.includes('aa04.json'), left.join(', '));
    assert.ok(!left.includes('aa02.json'), left.join(', '));
  });
});
