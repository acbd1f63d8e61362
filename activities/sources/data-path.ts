import { realpath, stat } from 'node:fs/promises';
import { isAbsolute, relative, resolve } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';

/** Resolves a `lines` source path inside the data folder; anything outside it is refused. */
export async function resolveDataPath(dataDir: string, path: string): Promise<string> {
  const root = await realpath(dataDir).catch(() => resolve(dataDir));
  const target = resolve(root, path);
  let real: string;
  try {
    real = await realpath(target);
  } catch {
    throw ApplicationFailure.nonRetryable(
      `source file "${path}" does not exist in the data folder`,
      'InvalidInput',
    );
  }
  const rel = relative(root, real);
  if (isAbsolute(path) || rel.startsWith('..') || isAbsolute(rel)) {
    throw ApplicationFailure.nonRetryable(`source path "${path}" is outside the data folder`, 'InvalidInput');
  }
  if (!(await stat(real)).isFile()) {
    throw ApplicationFailure.nonRetryable(`source path "${path}" is not a regular file`, 'InvalidInput');
  }
  return real;
}
