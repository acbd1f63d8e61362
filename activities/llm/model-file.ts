import { stat } from 'node:fs/promises';

/** A model file's path, size and modification time: what a cached result was computed with. */
export async function fileIdentity(path: string): Promise<string> {
  const info = await stat(path);
  return `${path}:${info.size}:${Math.round(info.mtimeMs)}`;
}
