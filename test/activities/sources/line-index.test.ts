import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { lineIndexOf, readLines, STRIDE } from '../../../activities/sources/line-index.js';

/** What the index must agree with: the file split at "\n", a final "\n" ending the last line. */
function naiveLines(text: string): string[] {
  if (text === '') return [];
  const parts = text.split('\n');
  if (text.endsWith('\n')) parts.pop();
  return parts.map((l) => l.replace(/\r$/, ''));
}

describe('line index', () => {
  const dir = mkdtempSync(join(tmpdir(), 'line-index-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  let n = 0;
  const fileWith = (text: string) => {
    const path = join(dir, `f${n++}.txt`);
    writeFileSync(path, text);
    return path;
  };

  it('reads any slice exactly as a full split would, across strides and read blocks', async () => {
    // Multi-byte characters, empty lines, CRLF and long lines that cross the 1 MiB read blocks.
    const lines = Array.from({ length: 3 * STRIDE + 17 }, (_, i) =>
      i % 97 === 0
        ? 'é'.repeat(20_000 + i)
        : i % 5 === 0
          ? ''
          : `line ${i} — ünïcödé${i % 3 === 0 ? '\r' : ''}`,
    );
    for (const ending of ['\n', '']) {
      const text = lines.join('\n') + ending;
      const path = fileWith(text);
      const expected = naiveLines(text);
      const index = await lineIndexOf(dir, path);
      assert.equal(index.lines, expected.length);
      assert.equal(index.offsets.length, Math.ceil(expected.length / STRIDE));
      for (const [start, end] of [
        [0, 1],
        [0, expected.length],
        [STRIDE - 1, STRIDE + 1],
        [STRIDE, 2 * STRIDE],
        [2 * STRIDE + 5, expected.length + 10],
        [expected.length - 1, expected.length],
        [expected.length, expected.length + 3],
      ] as const) {
        assert.deepEqual(
          await readLines(path, index, start, end),
          expected.slice(start, end),
          `${start}-${end}`,
        );
      }
    }
  });

  it('counts an empty file as no lines, and a file of exactly STRIDE lines without a phantom block', async () => {
    const empty = fileWith('');
    assert.equal((await lineIndexOf(dir, empty)).lines, 0);
    assert.deepEqual(await readLines(empty, await lineIndexOf(dir, empty), 0, 5), []);
    const exact = fileWith(Array.from({ length: STRIDE }, (_, i) => `x${i}`).join('\n') + '\n');
    const index = await lineIndexOf(dir, exact);
    assert.equal(index.lines, STRIDE);
    assert.deepEqual(index.offsets, [0]);
  });

  it('rebuilds when the file changes, and reuses the saved index otherwise', async () => {
    const path = fileWith('a\nb\n');
    assert.equal((await lineIndexOf(dir, path)).lines, 2);
    writeFileSync(path, 'a\nb\nc\n');
    utimesSync(path, new Date(), new Date(Date.now() + 5_000));
    const index = await lineIndexOf(dir, path);
    assert.equal(index.lines, 3);
    assert.deepEqual(await readLines(path, index, 2, 3), ['c']);
  });
});
