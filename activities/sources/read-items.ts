import { ApplicationFailure } from '@temporalio/activity';
import type { ItemSource, SourceCount } from '../../workflows/contracts/index.js';
import { resolveDataPath } from './data-path.js';
import { lineIndexOf, readLines } from './line-index.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

// Items are addressed by index, so a batch reads only its own slice and no data passes
// through workflow history for `range` and `lines` sources. A `lines` batch seeks to its first
// line through the file's line index.

function parseLine(line: string, format: 'text' | 'jsonl' | undefined, index: number): unknown {
  if (format !== 'jsonl') return line;
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw ApplicationFailure.nonRetryable(`line ${index + 1} is not valid JSON`, ERROR_TYPES.InvalidInput);
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
  const lines = await readLines(path, await lineIndexOf(dataDir, path), start, end);
  return lines.map((line, i) => parseLine(line, source.format, start + i));
}

/** How many items a source holds and, for a file, its size: the workflow sizes batches by bytes. */
export async function countItems(source: ItemSource, dataDir: string): Promise<SourceCount> {
  if (source.type === 'inline') return { items: source.items.length, bytes: 0 };
  if (source.type === 'range') return { items: source.end - source.start, bytes: 0 };
  const path = resolveDataPath(dataDir, source.path);
  const index = await lineIndexOf(dataDir, path);
  return { items: index.lines, bytes: index.size, modifiedMs: index.mtimeMs };
}
