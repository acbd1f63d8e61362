import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { BadRequestException } from '@nestjs/common';

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

/**
 * The real path of a data-folder file named in a body: it must exist, be a regular file, and
 * stay inside the data folder once links are followed. Otherwise a 400 naming `field`.
 */
export function dataFilePath(dataDir: string, path: string, field: string): string {
  const root = realOrResolved(dataDir);
  if (isAbsolute(path) || path.split(/[\\/]/).includes('..'))
    throw new BadRequestException([
      `${field}: must be a relative path inside the data folder (no "..", not absolute)`,
    ]);
  let real: string;
  try {
    real = realpathSync(resolve(root, path));
  } catch {
    throw new BadRequestException([`${field}: "${path}" does not exist in the data folder (DATA_DIR)`]);
  }
  const rel = relative(root, real);
  if (rel.startsWith('..') || isAbsolute(rel))
    throw new BadRequestException([`${field}: must stay inside the data folder (links included)`]);
  if (!statSync(real).isFile()) throw new BadRequestException([`${field}: "${path}" is not a regular file`]);
  return real;
}
