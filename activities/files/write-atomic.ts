import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A temporary name beside `path`: renamed onto it, it replaces the file in one step. */
export const temporaryPath = (path: string) => `${path}.${randomUUID()}.tmp`;

/** Writes a file under a temporary name, then renames it: a crash leaves the old file or the new one. */
export async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = temporaryPath(path);
  await writeFile(tmp, data);
  await rename(tmp, path);
}
