import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { fromRoot } from '../../config/project-root.js';

describe('scripts/setup.mjs', () => {
  it('is idempotent: a second run finds everything installed and downloads nothing', () => {
    const started = Date.now();
    const r = spawnSync(process.execPath, [fromRoot('scripts', 'setup.mjs')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.doesNotMatch(r.stdout, /pip install/);
    assert.match(r.stdout, /temporal: (already installed|using)/);
    assert.match(r.stdout, /temporal-test-server: (already installed|using)/);
    assert.ok(Date.now() - started < 10_000);
  });

  it('stops with a message naming the way out when a given binary path is wrong', () => {
    const r = spawnSync(process.execPath, [fromRoot('scripts', 'setup.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, TEMPORAL_CLI: '/nonexistent/temporal' },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /TEMPORAL_CLI=\/nonexistent\/temporal does not exist/);
  });

  it('skips the models when SKIP_MODEL_SETUP is set', () => {
    const r = spawnSync(process.execPath, [fromRoot('scripts', 'setup.mjs')], {
      encoding: 'utf8',
      env: { ...process.env, SKIP_MODEL_SETUP: '1' },
    });
    assert.equal(r.status, 0);
    assert.match(r.stdout, /models: skipped/);
  });
});
