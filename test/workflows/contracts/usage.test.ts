import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addUsage, emptyUsage, usageField, usageOfLlmOutput } from '../../../workflows/contracts/index.js';

describe('usage', () => {
  it('reads an llm output, sums per model, and ignores outputs without token counts', () => {
    const total = emptyUsage();
    addUsage(
      total,
      usageOfLlmOutput({ model: 'a', promptTokens: 10, completionTokens: 5, ms: 1, text: 'x' })!,
    );
    addUsage(
      total,
      usageOfLlmOutput({
        model: 'a',
        promptTokens: 1,
        promptTokensEvaluated: 0,
        completionTokens: 2,
        calls: 3,
        ms: 1,
      })!,
    );
    addUsage(total, usageOfLlmOutput({ model: 'b', promptTokens: 4, completionTokens: 0, ms: 1 })!);
    assert.equal(usageOfLlmOutput({ label: 'x' }), undefined);
    assert.equal(usageOfLlmOutput('text'), undefined);
    // An output without promptTokensEvaluated (from before prefix reuse) evaluated its whole prompt.
    assert.deepEqual(total, {
      promptTokens: 15,
      promptTokensEvaluated: 14,
      completionTokens: 7,
      calls: 5,
      byModel: {
        a: { promptTokens: 11, promptTokensEvaluated: 10, completionTokens: 7, calls: 4 },
        b: { promptTokens: 4, promptTokensEvaluated: 4, completionTokens: 0, calls: 1 },
      },
    });
    assert.deepEqual(usageField({ usage: total }), total);
    // A child result recorded before the field existed counts its prompts as evaluated.
    const old = { promptTokens: 3, completionTokens: 1, calls: 1 };
    assert.deepEqual(usageField({ usage: { ...old, byModel: { a: old } } })?.promptTokensEvaluated, 3);
    assert.equal(usageField({ usage: 'nope' }), undefined);
  });
});
