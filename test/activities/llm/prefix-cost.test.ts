import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultParallelEvalGain, shouldBorrow } from '../../../activities/llm/prefix-cost.js';

describe('prefix cost model', () => {
  it('on a CPU (g = 1) a call always waits for the prefix another call is evaluating', () => {
    assert.equal(shouldBorrow(400, 0, 1), true);
    assert.equal(shouldBorrow(40, 10_000, 1), true);
  });

  it('on a GPU it waits for a prefix the donor has mostly evaluated, not for one just started', () => {
    // g = 2: borrowing costs pending / r, evaluating alongside (shared + pending) / 2r.
    assert.equal(shouldBorrow(400, 100, 2), true);
    assert.equal(shouldBorrow(400, 399, 2), true);
    assert.equal(shouldBorrow(400, 400, 2), false);
    assert.equal(shouldBorrow(400, 1_000, 2), false);
    // A wider gain makes waiting worth it only for less of the donor's remaining work.
    assert.equal(shouldBorrow(400, 50, 8), true);
    assert.equal(shouldBorrow(400, 100, 8), false);
  });

  it('defaults g by backend: 1 on the CPU (measured), 2 on a GPU', () => {
    assert.equal(defaultParallelEvalGain(false), 1);
    assert.equal(defaultParallelEvalGain('cuda'), 2);
  });
});
