import { constants } from 'node:fs';
import { mkdir, open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const DIR_NO_FOLLOW = constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW;

/**
 * Creates `relative` (folder by folder) inside `root` without following links: each level is
 * opened with O_NOFOLLOW and the next one created through the opened folder (Linux's
 * /proc/self/fd), so a folder swapped for a link between two steps is refused, never followed.
 * Elsewhere each level is still opened with O_NOFOLLOW before the next is made in it.
 * Throws ELOOP / ENOTDIR when a level is a link or no folder.
 */
export async function mkdirInside(root: string, relative: string): Promise<string> {
  const viaFd = process.platform === 'linux';
  let current = root;
  let handle: FileHandle = await open(root, DIR_NO_FOLLOW);
  try {
    for (const segment of relative.split(/[\\/]/).filter((s) => s !== '' && s !== '.')) {
      const inside = viaFd ? `/proc/self/fd/${handle.fd}/${segment}` : join(current, segment);
      await mkdir(inside).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'EEXIST') throw err;
      });
      const next = await open(inside, DIR_NO_FOLLOW);
      await handle.close();
      handle = next;
      current = join(current, segment);
    }
    return current;
  } finally {
    await handle.close();
  }
}
