import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { builtinToolSpecs, runBuiltin, ToolError } from '../../../activities/tools/builtin-tools.js';

describe('built-in tools', () => {
  let dataDir: string;
  const ctx = () => ({ dataDir, httpAllow: [] as string[], signal: new AbortController().signal });
  const toolError = (pattern: RegExp) => (err: unknown) =>
    err instanceof ToolError && pattern.test(err.message);

  before(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tools-'));
    writeFileSync(join(dataDir, 'note.txt'), 'hello');
  });
  after(() => rmSync(dataDir, { recursive: true, force: true }));

  it('math.evaluate computes, and refuses what reaches outside arithmetic', async () => {
    assert.equal(await runBuiltin('math.evaluate', { expression: '1234 * 5678 + 91' }, ctx()), '7006743');
    assert.equal(await runBuiltin('math.evaluate', { expression: '0.1 + 0.2' }, ctx()), '0.3');
    for (const expression of [
      'import({}, {override: true})',
      'evaluate("1")',
      'createUnit("x")',
      'parse("1")',
    ])
      await assert.rejects(
        runBuiltin('math.evaluate', { expression }, ctx()),
        toolError(/is not available|cannot evaluate/),
      );
    await assert.rejects(
      runBuiltin('math.evaluate', { expression: '2 +' }, ctx()),
      toolError(/cannot evaluate "2 \+"/),
    );
  });

  it('gives arguments that fail a tool’s schema back as the tool’s error, naming the field', async () => {
    await assert.rejects(runBuiltin('math.evaluate', { expr: '1' }, ctx()), toolError(/arguments: /));
    await assert.rejects(runBuiltin('files.read', { path: 7 }, ctx()), toolError(/arguments: path/));
  });

  it('files.read and files.list stay inside the data folder', async () => {
    assert.deepEqual(await runBuiltin('files.read', { path: 'note.txt' }, ctx()), {
      path: 'note.txt',
      text: 'hello',
      truncated: false,
    });
    await assert.rejects(
      runBuiltin('files.read', { path: '../etc/passwd' }, ctx()),
      toolError(/inside the data folder/),
    );
    await assert.rejects(
      runBuiltin('files.list', { path: '..' }, ctx()),
      toolError(/relative to the data folder/),
    );
    const listed = (await runBuiltin('files.list', {}, ctx())) as { entries: Array<{ name: string }> };
    assert.deepEqual(
      listed.entries.map((e) => e.name),
      ['note.txt'],
    );
  });

  it('http.fetch is off unless hosts are allowed, and then only those', async () => {
    assert.ok(!builtinToolSpecs([]).some((t) => t.name === 'http.fetch'));
    assert.ok(builtinToolSpecs(['example.com']).some((t) => t.name === 'http.fetch'));
    await assert.rejects(
      runBuiltin('http.fetch', { url: 'http://127.0.0.1:1/' }, ctx()),
      toolError(/http\.fetch is off/),
    );
    await assert.rejects(
      runBuiltin('http.fetch', { url: 'http://127.0.0.1:1/' }, { ...ctx(), httpAllow: ['example.com'] }),
      toolError(/host "127\.0\.0\.1" is not allowed/),
    );
  });

  it('collection.search says how to build a missing index', async () => {
    await assert.rejects(
      runBuiltin('collection.search', { collection: 'none', query: 'x' }, ctx()),
      toolError(/POST \/pipelines\/research\/index/),
    );
  });
});
