import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import { locateCollection } from '../../config/data-file.js';
import { COLLECTION_FILE } from './chunking.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

/** Larger files are left out of a collection: they are data, not documents. */
export const MAX_COLLECTION_FILE_BYTES = 2 * 2 ** 20;
export const MAX_COLLECTION_FILES = 20_000;

export interface CollectionFile {
  /** Relative to the collection folder, with "/" separators. */
  path: string;
  content: string;
}

/**
 * Every document file of a collection (Markdown, text, JSONL; hidden entries and links skipped),
 * sorted by path, and a fingerprint of their names and contents: an index is rebuilt exactly
 * when the fingerprint changes.
 */
export async function readCollection(
  dataDir: string,
  collection: string,
): Promise<{ files: CollectionFile[]; fingerprint: string }> {
  const found = locateCollection(dataDir, collection);
  if (!found.ok)
    throw ApplicationFailure.nonRetryable(`collection: ${found.problem}`, ERROR_TYPES.InvalidInput);
  const paths: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && COLLECTION_FILE.test(entry.name)) paths.push(full);
      if (paths.length > MAX_COLLECTION_FILES) {
        throw ApplicationFailure.nonRetryable(
          `collection "${collection}" has more than ${MAX_COLLECTION_FILES} files`,
          ERROR_TYPES.InvalidInput,
        );
      }
    }
  };
  await walk(found.path);
  paths.sort();
  const hash = createHash('sha256');
  const files: CollectionFile[] = [];
  for (const full of paths) {
    if ((await stat(full)).size > MAX_COLLECTION_FILE_BYTES) continue;
    const path = relative(found.path, full).split(sep).join('/');
    const content = await readFile(full, 'utf8');
    hash.update(`${path}\0${content.length}\0`).update(content).update('\0');
    files.push({ path, content });
  }
  return { files, fingerprint: hash.digest('hex') };
}
