import { lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';

export type DataFile = { ok: true; path: string } | { ok: false; problem: string };

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
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..'))
    return { ok: false, problem: 'must be a relative path inside the data folder (no "..", not absolute)' };
  let real: string;
  try {
    real = realpathSync(resolve(root, path));
  } catch {
    return { ok: false, problem: `"${path}" does not exist in the data folder (DATA_DIR)` };
  }
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel))
    return { ok: false, problem: 'must stay inside the data folder (links included)' };
  if (!statSync(real).isFile()) return { ok: false, problem: `"${path}" is not a regular file` };
  return { ok: true, path: real };
}

/**
 * The real path of a document collection, `<data folder>/collections/<name>`: a folder that stays
 * inside the data folder once links are followed.
 */
export function locateCollection(dataDir: string, name: string): DataFile {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name))
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
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel))
    return { ok: false, problem: 'must stay inside the data folder (links included)' };
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
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..') || path.endsWith('/'))
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
  const rel = relative(root, folder);
  if (rel.startsWith('..') || isAbsolute(rel))
    return { ok: false, problem: 'must stay inside the data folder (links included)' };
  const target = join(folder, basename(full));
  try {
    if (!lstatSync(target).isFile())
      return { ok: false, problem: `"${path}" exists and is not a regular file` };
  } catch {
    // Not there yet: it will be created.
  }
  return { ok: true, path: target };
}
