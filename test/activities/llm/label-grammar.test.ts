import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { labelComplete, labelGrammar } from '../../../activities/llm/label-grammar.js';

describe('classifier label grammar', () => {
  it('admits exactly the labels, escaped as GBNF string literals', () => {
    assert.equal(labelGrammar(['positive', 'negative']), 'root ::= "positive" | "negative"');
    assert.equal(
      labelGrammar(['say "hi"', 'a\\b', 'tab\there']),
      'root ::= "say \\"hi\\"" | "a\\\\b" | "tab\\x09here"',
    );
    assert.equal(labelGrammar(['größer', '😀']), 'root ::= "größer" | "😀"');
  });

  it('an answer is complete at a label no longer label continues', () => {
    const done = labelComplete(['pos', 'positive', 'neutral']);
    assert.equal(done('neutral'), true);
    assert.equal(done('positive'), true);
    assert.equal(done('pos'), false); // "positive" may follow: the grammar decides at the next token
    assert.equal(done('neu'), false);
    assert.equal(done(''), false);
  });
});
