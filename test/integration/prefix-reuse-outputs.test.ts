// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { batchPipelineWorkflow, perspectivesPipelineWorkflow } from '../../workflows/index.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const SMOL = 'smollm2-135m';
const TEXT =
  'The town council met on Tuesday. Maria Lopez, the mayor, said the new bridge over the Elbe will open in May, ' +
  'and the Dresden transport company will run extra trams. Residents warmly welcomed the good news.';
const REVIEWS = [
  'Arrived quickly and works perfectly.',
  'Broke after two days.',
  'It is fine.',
  'Never again.',
];

// Prefix reuse changes what is evaluated; with temperature 0 a classifier's labels stay the same
// with LLM_PREFIX_REUSE on and off where the model is not torn between two (a text of mixed
// sentiment came out positive with reuse and negative without, once). Free text may not: llama.cpp's CPU kernels round differently
// for different batch shapes, so a greedy answer can already change when the same call runs beside
// others (with reuse off, the entities of one text differ run alone and run beside the other
// analyzers), and evaluating a prompt's tail apart from its prefix is one more such shape.
describe('prefix reuse on and off: the same labels, fewer prompt tokens evaluated (real models)', () => {
  let on: Stack;
  let off: Stack;
  before(async () => {
    on = await startStack({ models: [SMOL], env: { LLM_SEQUENCES: '4' } });
    off = await startStack({ models: [SMOL], env: { LLM_SEQUENCES: '4', LLM_PREFIX_REUSE: 'off' } });
  });
  after(async () => {
    await on?.teardown();
    await off?.teardown();
  });

  it('perspectives: the same sentiment, far fewer prompt tokens evaluated', async () => {
    const input = { text: TEXT, model: SMOL };
    const [a, b] = [
      await (await on.start(perspectivesPipelineWorkflow, input)).result(),
      await (await off.start(perspectivesPipelineWorkflow, input)).result(),
    ];
    assert.equal(a.analysis?.sentiment, b.analysis?.sentiment);
    assert.equal(b.usage.promptTokensEvaluated, b.usage.promptTokens);
    // The analyses share the text: evaluated once, copied to the others' sequences.
    assert.ok(
      a.usage.promptTokensEvaluated < 0.7 * b.usage.promptTokensEvaluated,
      `on: ${a.usage.promptTokensEvaluated}, off: ${b.usage.promptTokensEvaluated} of ${a.usage.promptTokens}`,
    );
  });

  it('batch classify: the same labels, line for line', async () => {
    const outputs = [];
    for (const [name, stack] of [
      ['on', on],
      ['off', off],
    ] as const) {
      const dir = join(stack.config.dataDir, `prefix-outputs-${name}-${Date.now()}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(
        join(dir, 'in.txt'),
        `${Array.from({ length: 12 }, (_, i) => REVIEWS[i % 4]).join('\n')}\n`,
      );
      const rel = dir.slice(stack.config.dataDir.length + 1);
      const r = await (
        await stack.start(batchPipelineWorkflow, {
          input: { path: `${rel}/in.txt`, format: 'lines' },
          output: { path: `${rel}/out.jsonl` },
          activity: 'llm.classify',
          params: { model: SMOL, labels: ['positive', 'negative', 'neutral'] },
          batchSize: 6,
        })
      ).result();
      assert.equal(r.succeeded, 12);
      outputs.push(
        readFileSync(join(dir, 'out.jsonl'), 'utf8')
          .trimEnd()
          .split('\n')
          .map((l) => (JSON.parse(l) as { output: { label: string } }).output.label),
      );
    }
    assert.deepEqual(outputs[0], outputs[1]);
  });
});
