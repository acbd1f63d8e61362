import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { outlierIndices } from '../../../workflows/lib/outliers.js';
import { meanRanking, normalise, rankOptions } from '../../../workflows/lib/weighted-ranking.js';

describe('decision arithmetic', () => {
  const scores = [
    { strategy: 'cost', option: 'A', score: 8 },
    { strategy: 'risk', option: 'A', score: 2 },
    { strategy: 'cost', option: 'B', score: 4 },
    { strategy: 'risk', option: 'B', score: 6 },
  ];
  it('normalises weights, equal when all are zero', () => {
    assert.deepEqual(normalise({ cost: 3, risk: 1 }, ['cost', 'risk']), { cost: 0.75, risk: 0.25 });
    assert.deepEqual(normalise({}, ['cost', 'risk']), { cost: 0.5, risk: 0.5 });
  });
  it('ranks by weighted mean, and averages perspectives', () => {
    const costly = rankOptions(['A', 'B'], scores, { cost: 0.75, risk: 0.25 });
    assert.deepEqual(costly, [
      { option: 'A', score: 6.5 },
      { option: 'B', score: 4.5 },
    ]);
    const careful = rankOptions(['A', 'B'], scores, { cost: 0.25, risk: 0.75 });
    assert.deepEqual(careful, [
      { option: 'B', score: 5.5 },
      { option: 'A', score: 3.5 },
    ]);
    assert.deepEqual(meanRanking(['A', 'B'], [costly, careful]), [
      { option: 'A', score: 5 },
      { option: 'B', score: 5 },
    ]);
  });
  it('leaves a missing evaluation out instead of counting it as zero', () => {
    const partial = scores.filter((s) => !(s.option === 'A' && s.strategy === 'risk'));
    assert.equal(rankOptions(['A', 'B'], partial, { cost: 0.5, risk: 0.5 })[0]!.score, 8);
  });
});

describe('outliers', () => {
  it('flags the answer far from the others', () => {
    const s = [
      [1, 0.9, 0.88, 0.1],
      [0.9, 1, 0.92, 0.12],
      [0.88, 0.92, 1, 0.09],
      [0.1, 0.12, 0.09, 1],
    ];
    assert.deepEqual(outlierIndices(s).outliers, [3]);
    assert.deepEqual(
      outlierIndices([
        [1, 0.2],
        [0.2, 1],
      ]).outliers,
      [],
    );
  });
});
