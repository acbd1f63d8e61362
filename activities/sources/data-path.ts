import { ApplicationFailure } from '@temporalio/activity';
import { locateDataFile } from '../../config/data-file.js';

/** Resolves a `lines` source path inside the data folder; anything else fails for good. */
export function resolveDataPath(dataDir: string, path: string): string {
  const found = locateDataFile(dataDir, path);
  if (!found.ok) throw ApplicationFailure.nonRetryable(`source path: ${found.problem}`, 'InvalidInput');
  return found.path;
}
