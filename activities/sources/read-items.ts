import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { ApplicationFailure } from '@temporalio/activity';
import type { ItemSource } from '../../workflows/contracts/index.js';
import { resolveDataPath } from './data-path.js';

// Items are addressed by index, so a batch reads only its own slice and no data passes
// through workflow history for `range` and `lines` sources.

async function* lines(path: string): AsyncGenerator<string> {
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
  }
}

function parseLine(line: string, format: 'text' | 'jsonl' | undefined, index: number): unknown {
  if (format !== 'jsonl') return line;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw ApplicationFailure.nonRetryable(`line ${index + 1} is not valid JSON`, 'InvalidInput');
  }
}

/** Items [start, end) of a source. For `inline`, `source.items` holds exactly that slice. */
export async function readItems(
  source: ItemSource,
  start: number,
  end: number,
  dataDir: string,
): Promise<unknown[]> {
  if (source.type === 'inline') return source.items;
  if (source.type === 'range') {
    return Array.from({ length: end - start }, (_, i) => source.start + start + i);
  }
  const path = resolveDataPath(dataDir, source.path);
  const out: unknown[] = [];
  let index = 0;
  for await (const line of lines(path)) {
    if (index >= end) break;
    if (index >= start) out.push(parseLine(line, source.format, index));
    index++;
  }
  return out;
}

/** How many items a source holds. */
export async function countItems(source: ItemSource, dataDir: string): Promise<number> {
  if (source.type === 'inline') return source.items.length;
  if (source.type === 'range') return source.end - source.start;
  const path = resolveDataPath(dataDir, source.path);
  let count = 0;
  for await (const _ of lines(path)) count++;
  return count;
}
