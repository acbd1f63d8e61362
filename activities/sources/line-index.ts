// A sparse index of line starts, so a batch of a `lines` source seeks to its first line instead
// of reading the file from the top (which made a whole map-reduce quadratic in the file size).
// Built in one pass by the activity that counts the items, kept on disk under the data folder
// and in memory, and trusted only while the file's size and modification time are unchanged.
import { createHash } from 'node:crypto';
import { open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from '../files/write-atomic.js';

/** Every STRIDE-th line start is kept: a batch reads at most STRIDE − 1 lines it does not need. */
export const STRIDE = 256;
const READ_BYTES = 1 << 20;
const NEWLINE = 0x0a;

export interface LineIndex {
  size: number;
  mtimeMs: number;
  /** Lines in the file: a last line without "\n" counts, an empty file has none. */
  lines: number;
  stride: number;
  /** Byte offset of line i × stride. */
  offsets: number[];
}

const memory = new Map<string, LineIndex>();
const KEEP_IN_MEMORY = 16;

function indexFile(dataDir: string, path: string): string {
  return join(dataDir, '.line-index', `${createHash('sha256').update(path).digest('hex').slice(0, 24)}.json`);
}

async function build(path: string, size: number, mtimeMs: number): Promise<LineIndex> {
  const offsets: number[] = [0];
  let lines = 0;
  let position = 0;
  let lastByte = NEWLINE;
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, position);
      if (bytesRead === 0) break;
      let at = buffer.indexOf(NEWLINE, 0);
      while (at !== -1 && at < bytesRead) {
        lines++;
        if (lines % STRIDE === 0) offsets.push(position + at + 1);
        at = buffer.indexOf(NEWLINE, at + 1);
      }
      lastByte = buffer[bytesRead - 1]!;
      position += bytesRead;
    }
  } finally {
    await handle.close();
  }
  if (lastByte !== NEWLINE) lines++;
  // A file ending in "\n" after a multiple of STRIDE lines has no line at the last offset.
  if (offsets.length > Math.ceil(lines / STRIDE)) offsets.length = Math.max(1, Math.ceil(lines / STRIDE));
  return { size, mtimeMs, lines, stride: STRIDE, offsets };
}

/** The file's line index: from memory, else from disk, else built (and saved for other workers). */
export async function lineIndexOf(dataDir: string, path: string): Promise<LineIndex> {
  const { size, mtimeMs } = await stat(path);
  const fresh = (ix: LineIndex | undefined) =>
    ix && ix.size === size && ix.mtimeMs === mtimeMs && ix.stride === STRIDE;
  const cached = memory.get(path);
  if (fresh(cached)) return cached!;
  const file = indexFile(dataDir, path);
  let index = await readFile(file, 'utf8').then(
    (text) => JSON.parse(text) as LineIndex,
    () => undefined,
  );
  if (!fresh(index)) {
    index = await build(path, size, mtimeMs);
    // Best effort: a read-only data folder still works, each process building its own index.
    await writeAtomic(file, JSON.stringify(index)).catch(() => undefined);
  }
  memory.delete(path);
  memory.set(path, index!);
  while (memory.size > KEEP_IN_MEMORY) memory.delete(memory.keys().next().value!);
  return index!;
}

/**
 * Lines [start, end) of the file, "\r\n" read as "\n". Seeks to the indexed line start at or
 * before `start` and reads forward only as far as `end`.
 */
export async function readLines(
  path: string,
  index: LineIndex,
  start: number,
  end: number,
): Promise<string[]> {
  end = Math.min(end, index.lines);
  if (start >= end) return [];
  const block = Math.floor(start / index.stride);
  let line = block * index.stride;
  let position = index.offsets[block]!;
  const out: string[] = [];
  const handle = await open(path, 'r');
  try {
    let carry: Buffer = Buffer.alloc(0);
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    while (line < end) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, position);
      position += bytesRead;
      const data = carry.length
        ? Buffer.concat([carry, buffer.subarray(0, bytesRead)])
        : buffer.subarray(0, bytesRead);
      let from = 0;
      let at = data.indexOf(NEWLINE, from);
      while (at !== -1 && line < end) {
        if (line >= start) out.push(decode(data, from, at));
        line++;
        from = at + 1;
        at = data.indexOf(NEWLINE, from);
      }
      if (bytesRead === 0) {
        // The last line, without a final "\n".
        if (line < end && from < data.length) out.push(decode(data, from, data.length));
        break;
      }
      carry = Buffer.from(data.subarray(from));
    }
  } finally {
    await handle.close();
  }
  return out;
}

function decode(data: Buffer, from: number, to: number): string {
  const end = to > from && data[to - 1] === 0x0d ? to - 1 : to;
  return data.toString('utf8', from, end);
}
