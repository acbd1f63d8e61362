import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { mkdirInside } from '../../../activities/files/mkdir-inside.js';
import { partsFolder } from '../../../activities/sources/sink.js';

describe('mkdirInside', () => {
  const base = mkdtempSync(join(tmpdir(), 'mkdir-inside-'));
  const root = join(base, 'data');
  const outside = join(base, 'outside');
  mkdirSync(root);
  mkdirSync(outside);
  after(() => rmSync(base, { recursive: true, force: true }));

  it('creates nested folders inside the root, and again when they exist', async () => {
    assert.equal(await mkdirInside(root, 'a/b/c'), join(root, 'a', 'b', 'c'));
    assert.ok(existsSync(join(root, 'a', 'b', 'c')));
    assert.equal(await mkdirInside(root, 'a/b/c'), join(root, 'a', 'b', 'c'));
  });

  it('refuses a level that is a link, creating nothing behind it', async () => {
    symlinkSync(outside, join(root, 'link'));
    await assert.rejects(mkdirInside(root, 'link/x/y'), (err: NodeJS.ErrnoException) =>
      ['ELOOP', 'ENOTDIR'].includes(err.code ?? ''),
    );
    assert.ok(!existsSync(join(outside, 'x')), 'nothing was made outside the root');
    await assert.rejects(partsFolder(root, 'link/parts'), /must stay inside the data folder/);
    assert.ok(!existsSync(join(outside, 'parts')));
  });
});
