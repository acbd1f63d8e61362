import { ApplicationFailure } from '@temporalio/activity';

export interface WordCounts {
  counts: Record<string, number>;
}

/**
 * `text.wordCount`: the same words as `tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '\n'`. Only A–Z are
 * lower-cased (toLowerCase would also fold non-ASCII letters, which tr treats as separators).
 */
export function countWords(text: string): WordCounts {
  const counts: Record<string, number> = Object.create(null) as Record<string, number>;
  let word = '';
  const flush = () => {
    if (word) counts[word] = (counts[word] ?? 0) + 1;
    word = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 65 && c <= 90) word += String.fromCharCode(c + 32);
    else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) word += text[i];
    else flush();
  }
  flush();
  return { counts: { ...counts } };
}

export function textWordCount(input: unknown): Promise<WordCounts> {
  if (typeof input !== 'string') {
    return Promise.reject(
      ApplicationFailure.nonRetryable('text.wordCount: input must be a string', 'InvalidInput'),
    );
  }
  return Promise.resolve(countWords(input));
}
