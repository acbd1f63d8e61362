import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countWords } from '../../../activities/cpu/text-word-count.js';
import { BATCH_FOLDS } from '../../../activities/batch/batch-folds.js';
import { concatLists, mergeCounts, sumNumbers } from '../../../activities/reducers.js';

describe('text.wordCount', () => {
  it('lower-cases A-Z only and splits on everything but [a-z0-9]', () => {
    assert.deepEqual(countWords("It's 2 o'clock, IT is! Ünïcode straße x_y"), {
      counts: { it: 2, s: 1, '2': 1, o: 1, clock: 1, is: 1, n: 1, code: 1, stra: 1, e: 1, x: 1, y: 1 },
    });
  });
  it('gives an empty map for text without words, and handles "__proto__" as a word', () => {
    assert.deepEqual(countWords(' ,.; '), { counts: {} });
    assert.deepEqual(countWords('constructor proto'), { counts: { constructor: 1, proto: 1 } });
  });
});

describe('batch folds', () => {
  it('a batch of lines counted at once equals each line counted and merged', () => {
    const lines = ["It's 2 o'clock", '', 'IT is! Ünïcode', 'straße x_y 2', 'constructor __proto__'];
    const fold = BATCH_FOLDS['text.wordCount']!['counts.merge']!;
    assert.deepEqual(fold(lines), mergeCounts(lines.map((l) => countWords(l))));
  });
  it('leaves batches with non-text items to the per-item path', () => {
    assert.equal(BATCH_FOLDS['text.wordCount']!['counts.merge']!(['a', 7]), undefined);
  });
});

describe('reducers', () => {
  it('are associative', () => {
    const a = { counts: { x: 1 } };
    const b = { y: 2 };
    const c = { counts: { x: 3, y: 1 } };
    assert.deepEqual(mergeCounts([mergeCounts([a, b]), c]), mergeCounts([a, mergeCounts([b, c])]));
    assert.equal(sumNumbers([sumNumbers([1, 2]), 3]), sumNumbers([1, sumNumbers([2, 3])]));
    assert.deepEqual(concatLists([concatLists([1, [2]]), 3]), concatLists([1, concatLists([[2], 3])]));
  });
  it('reject malformed input non-retryably', () => {
    assert.throws(
      () => sumNumbers([1, 'x']),
      (e: any) => e.nonRetryable === true && /every element must be a number/.test(e.message),
    );
    assert.throws(() => mergeCounts('nope'), /input must be a list/);
  });
});
