import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BatchItem, Token } from 'node-llama-cpp';
import { sequenceOrderPriority, sequenceOrderStrategy } from '../../../activities/llm/sequence-order.js';

const item = (sequenceId: number | undefined, tokens: number): BatchItem => ({
  tokens: Array.from({ length: tokens }, (_, i) => i as Token),
  logits: [],
  evaluationPriority: sequenceOrderPriority(sequenceId),
});

describe('sequence order batching', () => {
  it('ranks lower sequence ids higher, all within the library’s 1..5 range', () => {
    const priorities = [0, 1, 2, 15, 1000].map((id) => sequenceOrderPriority(id));
    for (let i = 1; i < priorities.length; i++) assert.ok(priorities[i - 1]! > priorities[i]!);
    for (const p of priorities) assert.ok(p > 4 && p <= 5);
    assert.equal(sequenceOrderPriority(undefined), 5);
  });

  it('fills a batch in ascending sequence id whatever order the tokens were queued in', () => {
    const items = [item(3, 1), item(0, 1), item(2, 1), item(1, 1)];
    const batch = sequenceOrderStrategy({ items, size: 512 });
    assert.deepEqual(
      batch.map((b) => items.indexOf(b.item)),
      [1, 3, 2, 0],
    );
    assert.ok(batch.every((b) => b.processAmount === 1));
  });

  it('never exceeds the batch size, and a long prompt cannot starve the one-token steps', () => {
    const prompt = item(0, 1000);
    const steps = [item(1, 1), item(2, 1), item(3, 1)];
    const batch = sequenceOrderStrategy({ items: [...steps, prompt], size: 100 });
    assert.equal(
      batch.reduce((n, b) => n + b.processAmount, 0),
      100,
    );
    for (const step of steps) assert.equal(batch.find((b) => b.item === step)?.processAmount, 1);
    assert.equal(batch.find((b) => b.item === prompt)?.processAmount, 97);
  });

  it('with more items than tokens, takes the first ones in order', () => {
    const items = [item(5, 1), item(4, 1), item(3, 1)];
    const batch = sequenceOrderStrategy({ items, size: 2 });
    assert.deepEqual(
      batch.map((b) => items.indexOf(b.item)),
      [2, 1],
    );
  });
});
