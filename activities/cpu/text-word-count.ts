import { ApplicationFailure } from '@temporalio/activity';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

export interface WordCounts {
  counts: Record<string, number>;
}

const UPPER = /[A-Z]+/g;
const WORD = /[a-z0-9]+/g;

/**
 * `text.wordCount`: the same words as `tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '\n'`. Only A–Z are
 * lower-cased (toLowerCase on the whole text would also fold non-ASCII letters, which tr treats
 * as separators). Regular expressions, not a loop over characters: about 4× faster in V8.
 */
export function countWords(text: string): WordCounts {
  const words = text.replace(UPPER, (s) => s.toLowerCase()).match(WORD) ?? [];
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return { counts: Object.fromEntries(counts) };
}

export function textWordCount(input: unknown): Promise<WordCounts> {
  if (typeof input !== 'string') {
    return Promise.reject(
      ApplicationFailure.nonRetryable('text.wordCount: input must be a string', ERROR_TYPES.InvalidInput),
    );
  }
  return Promise.resolve(countWords(input));
}
