import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fromRoot } from '../../../config/project-root.js';

// Each attempt runs in a real process of its own; a "poisoned" one dies in the middle.
function attempt(dir: string, n: number, mode: 'die' | 'run') {
  const r = spawnSync(
    process.execPath,
    [fromRoot('dist', 'test', 'fixtures', 'crash-guard-attempt.js'), dir, String(n), mode],
    {
      encoding: 'utf8',
      env: { ...process.env, LOG_LEVEL: 'ERROR' },
    },
  );
  return { code: r.status, out: r.stdout.trim().split('\n').at(-1) ?? '' };
}

describe('crash guard', () => {
  const base = mkdtempSync(join(tmpdir(), 'crash-guard-'));
  after(() => rmSync(base, { recursive: true, force: true }));

  it('fails an activity for good once two attempts died with their worker process', () => {
    const dir = join(base, 'poison');
    assert.equal(attempt(dir, 1, 'die').code, 70, 'attempt 1 takes its process down');
    assert.equal(attempt(dir, 2, 'die').code, 70, 'attempt 2 too');
    const third = attempt(dir, 3, 'run');
    assert.equal(third.code, 0);
    assert.match(
      third.out,
      /^failed WorkerCrashed: llm\.generate: 2 earlier attempts ended with their worker process dying/,
    );
    assert.deepEqual(readdirSync(dir), [], 'no marker is left behind');
  });

  it('lets a retry run after an attempt that died once, and after attempts that ended normally', () => {
    const dir = join(base, 'once');
    assert.equal(attempt(dir, 1, 'die').code, 70);
    assert.equal(attempt(dir, 2, 'run').out, 'ok done');
    assert.equal(attempt(dir, 3, 'run').out, 'ok done', 'a normal end leaves no marker to count');
    assert.deepEqual(readdirSync(dir), []);
  });
});
