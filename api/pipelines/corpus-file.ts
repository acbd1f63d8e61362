import { readFileSync } from 'node:fs';
import { BadRequestException, PayloadTooLargeException } from '@nestjs/common';
import { PERSPECTIVES_MAX_DOCUMENTS } from '../../workflows/contracts/index.js';
import { dataFilePath } from '../common/data-file.js';

/** A corpus file must be a data-folder file of at most PERSPECTIVES_MAX_DOCUMENTS lines. */
export function checkCorpus(dataDir: string, path: string): void {
  const file = dataFilePath(dataDir, path, 'body.source.path');
  const text = readFileSync(file, 'utf8');
  const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines === 0) throw new BadRequestException(['body.source.path: the file has no documents']);
  if (lines > PERSPECTIVES_MAX_DOCUMENTS) {
    throw new PayloadTooLargeException(
      `body.source.path: ${lines} documents, more than ${PERSPECTIVES_MAX_DOCUMENTS}: split the file, or run a map-reduce over it`,
    );
  }
}
