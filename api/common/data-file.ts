import { BadRequestException } from '@nestjs/common';
import { locateDataFile } from '../../config/data-file.js';

/** The real path of a data-folder file named in a body, or a 400 naming `field` and the problem. */
export function dataFilePath(dataDir: string, path: string, field: string): string {
  const found = locateDataFile(dataDir, path);
  if (!found.ok) throw new BadRequestException([`${field}: ${found.problem}`]);
  return found.path;
}
