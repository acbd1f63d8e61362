import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ResearchFinding } from '../../../../workflows/contracts/index.js';
import {
  confidenceOf,
  rankFindings,
  supportOf,
} from '../../../../workflows/pipelines/research/research-findings.js';

const finding = (
  claim: string,
  supported: number,
  contradicted: number,
  unsupported: number,
): ResearchFinding => ({
  claim,
  sources: ['a'],
  checks: { supported, contradicted, unsupported },
  support: supportOf({ supported, contradicted, unsupported }),
});

describe('research findings', () => {
  it('labels support from the checks', () => {
    assert.equal(supportOf({ supported: 2, contradicted: 1, unsupported: 0 }), 'supported');
    assert.equal(supportOf({ supported: 1, contradicted: 2, unsupported: 0 }), 'contradicted');
    assert.equal(supportOf({ supported: 0, contradicted: 0, unsupported: 3 }), 'unsupported');
    assert.equal(supportOf({ supported: 1, contradicted: 1, unsupported: 0 }), 'supported');
  });

  it('computes confidence from evidence, conflict, agreement and coverage', () => {
    const r = confidenceOf({
      findings: [finding('x', 2, 0, 1), finding('y', 0, 1, 0)],
      analysedRetrievers: [['keywords', 'vectors'], ['keywords']],
      retrieversAnswered: 2,
      sourcesWanted: 4,
    });
    // evidence 2/4, conflict 1/4, agreement (1 + 0.5) / 2, coverage 2/4
    assert.deepEqual(r.factors, { evidence: 0.5, conflict: 0.25, agreement: 0.75, coverage: 0.5 });
    assert.equal(r.confidence, Math.round((0.25 + 0.225 + 0.1 - 0.125) * 100) / 100);
  });

  it('is 0 with nothing analysed, and never outside 0–1', () => {
    assert.equal(
      confidenceOf({ findings: [], analysedRetrievers: [], retrieversAnswered: 0, sourcesWanted: 4 })
        .confidence,
      0,
    );
    const worst = confidenceOf({
      findings: [finding('x', 0, 5, 0)],
      analysedRetrievers: [[]],
      retrieversAnswered: 3,
      sourcesWanted: 1,
    });
    assert.equal(worst.confidence, 0);
  });

  it('orders findings supported first, then unsupported, then contradicted', () => {
    const ranked = rankFindings([
      finding('c', 0, 2, 0),
      finding('u', 0, 0, 2),
      finding('s1', 1, 0, 0),
      finding('s2', 2, 0, 0),
    ]);
    assert.deepEqual(
      ranked.map((f) => f.claim),
      ['s2', 's1', 'u', 'c'],
    );
  });
});
