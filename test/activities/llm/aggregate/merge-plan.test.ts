import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { packGroups, splitRanges } from '../../../../activities/llm/aggregate/merge-plan.js';

describe('merge plan', () => {
  it('packs consecutive texts into groups within the budget, each text exactly once', () => {
    const groups = packGroups([40, 40, 40, 90, 10], 100, 8);
    assert.deepEqual(groups, [[0, 1], [2], [3], [4]]);
    assert.deepEqual(groups.flat(), [0, 1, 2, 3, 4]);
    assert.deepEqual(packGroups([10, 10], 100, 8), [[0, 1]]);
  });
  it('splits a long text into ranges that cover it without overlap', () => {
    assert.deepEqual(splitRanges(10, 4), [
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    assert.deepEqual(splitRanges(4, 4), [[0, 4]]);
  });
});
