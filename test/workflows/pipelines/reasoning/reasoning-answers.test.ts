import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeAnswer, tally } from '../../../../workflows/pipelines/reasoning/reasoning-answers.js';

describe('reasoning answers', () => {
  it('normalises numbers to 6 significant digits, labels and texts to lower case without end punctuation', () => {
    assert.equal(normalizeAnswer('number', 8), '8');
    assert.equal(normalizeAnswer('number', 7.9999999), '8');
    assert.equal(normalizeAnswer('number', 0.1 + 0.2), '0.3');
    assert.equal(normalizeAnswer('number', 'eight'), 'NaN');
    assert.equal(normalizeAnswer('label', ' Yes. '), 'yes');
    assert.equal(normalizeAnswer('text', 'The  Sky is BLUE!'), 'the sky is blue');
  });

  it('tallies most votes first, ties to the answer an earlier chain gave', () => {
    const vote = tally([
      { chain: 3, normalized: 'b' },
      { chain: 0, normalized: 'a' },
      { chain: 1, normalized: 'b' },
      { chain: 2, normalized: 'a' },
      { chain: 4, normalized: 'c' },
    ]);
    assert.deepEqual(vote, [
      { answer: 'a', count: 2, chains: [0, 2] },
      { answer: 'b', count: 2, chains: [1, 3] },
      { answer: 'c', count: 1, chains: [4] },
    ]);
  });
});
