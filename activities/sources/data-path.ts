import { ApplicationFailure } from '@temporalio/activity';
import { locateDataFile } from '../../config/data-file.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

/** Resolves a `lines` source path inside the data folder; anything else fails for good. */
export function resolveDataPath(dataDir: string, path: string): string {
  const found = locateDataFile(dataDir, path);
  if (!found.ok)
    throw ApplicationFailure.nonRetryable(`source path: ${found.problem}`, ERROR_TYPES.InvalidInput);
  return found.path;
}
