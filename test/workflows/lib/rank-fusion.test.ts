import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { reciprocalRankFusion } from '../../../workflows/lib/rank-fusion.js';

describe('reciprocalRankFusion', () => {
  const key = (s: string) => s.split(':')[0]!;

  it('sums 1/(k + rank) over the lists, an item once per list at its best rank', () => {
    const fused = reciprocalRankFusion(
      [
        { name: 'bm25', items: ['a:1', 'b:1', 'a:2'] },
        { name: 'vec', items: ['b:2', 'c:1'] },
      ],
      key,
      60,
    );
    assert.deepEqual(
      fused.map((f) => [f.key, f.ranks]),
      [
        ['b', { bm25: 2, vec: 1 }],
        ['a', { bm25: 1 }],
        ['c', { vec: 2 }],
      ],
    );
    assert.equal(fused[0]!.score, 1 / 62 + 1 / 61);
    assert.equal(fused[1]!.score, 1 / 61);
    // The item kept is the one from the list that ranked it best.
    assert.equal(fused[0]!.item, 'b:2');
  });

  it('breaks ties by key, so the order does not depend on list order', () => {
    const one = reciprocalRankFusion(
      [
        { name: 'x', items: ['z'] },
        { name: 'y', items: ['m'] },
      ],
      (s) => s,
    );
    const two = reciprocalRankFusion(
      [
        { name: 'y', items: ['m'] },
        { name: 'x', items: ['z'] },
      ],
      (s) => s,
    );
    assert.deepEqual(
      one.map((f) => f.key),
      ['m', 'z'],
    );
    assert.deepEqual(
      two.map((f) => f.key),
      ['m', 'z'],
    );
  });
});
