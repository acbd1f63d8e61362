import { lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { COLLECTION_NAME } from '../workflows/contracts/index.js';

export type DataFile = { ok: true; path: string } | { ok: false; problem: string };

/** A path relative to the data folder that cannot climb out of it by its own text. */
export function isPlainRelative(path: string): boolean {
  return !isAbsolute(path) && !path.split(/[\\/]/).includes('..');
}

/** A real (links followed) path inside the real root. */
export function isInside(root: string, real: string): boolean {
  const rel = relative(root, real);
  return !rel.startsWith('..') && !isAbsolute(rel);
}

const OUTSIDE = 'must stay inside the data folder (links included)';

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The real path of a file named relative to the data folder: it must exist, be a regular file,
 * and stay inside the folder once links are followed. The API answers a 400 with the problem,
 * the activities fail non-retryably with it.
 */
export function locateDataFile(dataDir: string, path: string): DataFile {
  const root = realOrResolved(dataDir);
  if (!isPlainRelative(path))
    return { ok: false, problem: 'must be a relative path inside the data folder (no "..", not absolute)' };
  let real: string;
  try {
    real = realpathSync(resolve(root, path));
  } catch {
    return { ok: false, problem: `"${path}" does not exist in the data folder (DATA_DIR)` };
  }
  if (!isInside(root, real)) return { ok: false, problem: OUTSIDE };
  if (!statSync(real).isFile()) return { ok: false, problem: `"${path}" is not a regular file` };
  return { ok: true, path: real };
}

/**
 * The real path of a document collection, `<data folder>/collections/<name>`: a folder that stays
 * inside the data folder once links are followed.
 */
export function locateCollection(dataDir: string, name: string): DataFile {
  if (!COLLECTION_NAME.test(name))
    return { ok: false, problem: 'must be a folder name: letters, digits, ".", "_" or "-", at most 64' };
  const root = realOrResolved(dataDir);
  let real: string;
  try {
    real = realpathSync(resolve(root, 'collections', name));
  } catch {
    return {
      ok: false,
      problem: `no collection "${name}": expected a folder collections/${name} in the data folder (DATA_DIR)`,
    };
  }
  if (!isInside(root, real)) return { ok: false, problem: OUTSIDE };
  if (!statSync(real).isDirectory()) return { ok: false, problem: `collections/${name} is not a folder` };
  return { ok: true, path: real };
}

/**
 * Where a file named relative to the data folder may be written: a relative path without "..",
 * whose folder exists inside the data folder (links followed) and which, if it exists, is a
 * regular file.
 */
export function locateOutputFile(dataDir: string, path: string): DataFile {
  const root = realOrResolved(dataDir);
  if (!isPlainRelative(path) || path.endsWith('/'))
    return {
      ok: false,
      problem: 'must be a relative file path inside the data folder (no "..", not absolute)',
    };
  const full = resolve(root, path);
  let folder: string;
  try {
    folder = realpathSync(dirname(full));
  } catch {
    return { ok: false, problem: `the folder of "${path}" does not exist in the data folder (DATA_DIR)` };
  }
  if (!isInside(root, folder)) return { ok: false, problem: OUTSIDE };
  const target = join(folder, basename(full));
  try {
    if (!lstatSync(target).isFile())
      return { ok: false, problem: `"${path}" exists and is not a regular file` };
  } catch {
    // Not there yet: it will be created.
  }
  return { ok: true, path: target };
}
