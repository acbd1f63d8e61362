// Part files of a batch pipeline and the output file they make: every write goes to a
// temporary name and is renamed, so a part or the output is there complete or not at all.
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, realpath, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ApplicationFailure } from '@temporalio/activity';
import { isInside, isPlainRelative, locateOutputFile } from '../../config/data-file.js';
import { MAX_RECORDED_FAILURES } from '../../workflows/contracts/index.js';
import type { CommitOutputInput, ItemFailure } from '../../workflows/contracts/index.js';
import { mkdirInside } from '../files/mkdir-inside.js';
import { temporaryPath, writeAtomic } from '../files/write-atomic.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

export type PartLine = { index: number; output: unknown } | { index: number; error: string };

export interface PartStats {
  succeeded: number;
  failed: number;
  failures: ItemFailure[];
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, ERROR_TYPES.InvalidInput);
}

/** The parts folder under the data folder, created; no "..", and it must stay inside once made. */
export async function partsFolder(dataDir: string, dir: string): Promise<string> {
  if (!isPlainRelative(dir)) throw invalid('sink: must be a relative folder path (no "..")');
  const root = await realpath(dataDir);
  let folder: string;
  try {
    // Checked before anything is made: no level may be a link (the old way made the folders,
    // then found they were outside).
    folder = await mkdirInside(root, dir);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || code === 'ENOTDIR')
      throw invalid('sink: must stay inside the data folder (links included)');
    throw err;
  }
  if (!isInside(root, await realpath(folder)))
    throw invalid('sink: must stay inside the data folder (links included)');
  return folder;
}

export const partFile = (folder: string, start: number) =>
  join(folder, `${String(start).padStart(12, '0')}.jsonl`);

function statsOf(lines: readonly PartLine[]): PartStats {
  const stats: PartStats = { succeeded: 0, failed: 0, failures: [] };
  for (const line of lines) {
    if ('error' in line) {
      stats.failed++;
      if (stats.failures.length < MAX_RECORDED_FAILURES)
        stats.failures.push({ index: line.index, error: line.error });
    } else stats.succeeded++;
  }
  return stats;
}

/** A part written before: its counts, or undefined when there is none. */
export async function readPart(path: string): Promise<PartStats | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  return statsOf(
    text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as PartLine),
  );
}

export async function writePart(path: string, lines: readonly PartLine[]): Promise<PartStats> {
  await writeAtomic(path, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return statsOf(lines);
}

/** `sink.commit`: the parts, in order, become the output file in one rename; the parts go. */
export async function commitOutput(dataDir: string, input: CommitOutputInput): Promise<{ bytes: number }> {
  const out = locateOutputFile(dataDir, input.output);
  if (!out.ok) throw invalid(`output: ${out.problem}`);
  const folder = await partsFolder(dataDir, input.dir);
  const tmp = temporaryPath(out.path);
  const sink = createWriteStream(tmp);
  try {
    for (const start of input.starts) {
      await pipeline(createReadStream(partFile(folder, start)), sink, { end: false });
    }
    await new Promise<void>((resolve, reject) =>
      sink.end((err?: Error | null) => (err ? reject(err) : resolve())),
    );
  } catch (err) {
    sink.destroy();
    await rm(tmp, { force: true });
    throw err;
  }
  await rename(tmp, out.path);
  await rm(folder, { recursive: true, force: true });
  // The parts folder of this output goes too, unless another request's parts are still in it.
  await rmdir(dirname(folder)).catch(() => undefined);
  return { bytes: (await stat(out.path)).size };
}
