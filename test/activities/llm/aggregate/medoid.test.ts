import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { medoid } from '../../../../activities/llm/aggregate/consensus.js';

describe('medoid', () => {
  it('picks the vector closest to all others and averages the pairwise similarity', () => {
    const r = medoid([
      [1, 0],
      [0.9, 0.1],
      [0, 1],
    ]);
    assert.notEqual(r.bestIndex, 2);
    assert.equal(r.similarity[0]![0], 1);
    assert.equal(r.similarity[0]![2], 0);
    const s01 = r.similarity[0]![1]!;
    const s12 = r.similarity[1]![2]!;
    assert.ok(Math.abs(r.score - (s01 + 0 + s12) / 3) < 1e-12);
  });
  it('one vector is its own medoid with full agreement', () => {
    assert.deepEqual(medoid([[3, 4]]), { bestIndex: 0, score: 1, similarity: [[1]] });
  });
});
