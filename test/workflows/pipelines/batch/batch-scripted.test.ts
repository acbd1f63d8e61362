import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { batchPipelineWorkflow } from '../../../../workflows/index.js';
import type { BatchPipelineInput } from '../../../../workflows/contracts/index.js';
import { scriptedDelay, scriptedFailure } from '../../../../runtime/scripted-llm-activities.js';
import { waitUntil } from '../../../helpers/history.js';
import { SCRIPTED_MODELS, startScriptedStack } from '../../../helpers/scripted-stack.js';
import type { ScriptedStack } from '../../../helpers/scripted-stack.js';

const MODEL = SCRIPTED_MODELS[0]!;
const LINES = Array.from({ length: 30 }, (_, i) => `record ${i}`);

describe('batch pipeline (scripted models)', () => {
  let stack: ScriptedStack;
  const folder = 'scripted-batch';
  const dir = () => join(stack.config.dataDir, folder);
  before(async () => {
    stack = await startScriptedStack();
    mkdirSync(dir(), { recursive: true });
    writeFileSync(join(dir(), 'in.txt'), `${LINES.join('\n')}\n`);
  });
  after(() => stack.teardown());

  const body = (output: string, extra: Partial<BatchPipelineInput> = {}): BatchPipelineInput => ({
    input: { path: `${folder}/in.txt`, format: 'lines' },
    output: { path: `${folder}/${output}` },
    activity: 'llm.classify',
    params: { model: MODEL, labels: ['even', 'odd'] },
    batchSize: 5,
    ...extra,
  });
  const outputOf = (name: string) =>
    readFileSync(join(dir(), name), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as { index: number; output?: { label: string }; error?: string });
  const labelOf = (text: string) => (Number(text.split(' ')[1]) % 2 ? 'odd' : 'even');

  it('writes one output line per record, in order, with a failed record as { index, error }', async () => {
    stack.useScript({
      'llm.classify': (input) => {
        if (input.text === 'record 7') throw scriptedFailure('unreadable', { nonRetryable: true });
        return { label: labelOf(input.text) };
      },
    });
    const handle = await stack.start(batchPipelineWorkflow, body('out.jsonl'));
    const r = await handle.result();
    assert.deepEqual([r.items, r.succeeded, r.failed], [30, 29, 1]);
    const out = outputOf('out.jsonl');
    assert.deepEqual(
      out.map((o) => o.index),
      LINES.map((_, i) => i),
    );
    assert.equal(out[4]!.output!.label, 'even');
    assert.equal(out[5]!.output!.label, 'odd');
    assert.match(out[7]!.error!, /unreadable/);
    assert.deepEqual(readdirSync(dir()).sort(), ['in.txt', 'out.jsonl'], 'the parts are gone');
  });

  it('fails the run at the first failed record with onItemFailure "fail"', async () => {
    stack.useScript({
      'llm.classify': (input) => {
        if (input.text === 'record 3') throw scriptedFailure('unreadable', { nonRetryable: true });
        return { label: 'even' };
      },
    });
    const handle = await stack.start(batchPipelineWorkflow, body('strict.jsonl', { onItemFailure: 'fail' }));
    await assert.rejects(handle.result(), (err: Error) => {
      const batch = (err.cause as Error & { cause?: Error & { type?: string } }).cause;
      // The record's own failure, named by its index, fails its batch and the run.
      return batch?.type === 'ScriptedFailure' && batch.message === 'item 3: unreadable';
    });
    assert.equal(existsSync(join(dir(), 'strict.jsonl')), false);
  });

  it('the same request run again after the first run was lost resumes: finished batches are not redone', async () => {
    // Records past the first three batches wait until the run is gone.
    stack.useScript({
      'llm.classify': async (input) => {
        if (Number(input.text.split(' ')[1]) >= 15) await scriptedDelay(600_000);
        return { label: labelOf(input.text) };
      },
    });
    const first = await stack.start(batchPipelineWorkflow, body('again.jsonl', { maxConcurrency: 6 }));
    const parts = join(dir(), '.again.jsonl.parts');
    const written = () =>
      existsSync(parts)
        ? readdirSync(parts).flatMap((k) => readdirSync(join(parts, k)).filter((f) => f.endsWith('.jsonl')))
        : [];
    await waitUntil(() => Promise.resolve(written().length >= 3), 120_000, 'three part files written');
    await first.terminate('simulated loss of the run');
    assert.equal(existsSync(join(dir(), 'again.jsonl')), false, 'no output before the end');

    stack.useScript({ 'llm.classify': (input) => ({ label: labelOf(input.text) }) });
    const second = await stack.start(batchPipelineWorkflow, body('again.jsonl', { maxConcurrency: 6 }));
    const r = await second.result();
    // At least the three batches seen written (the lost run's last calls may still have finished
    // more before they noticed it was gone), and only the batches not already written cost calls.
    assert.ok(r.resumedBatches >= 3, JSON.stringify(r));
    assert.equal(r.succeeded, 30);
    assert.equal(r.usage.calls, 30 - r.resumedBatches * 5);
    assert.deepEqual(
      outputOf('again.jsonl').map((o) => o.output?.label),
      LINES.map(labelOf),
    );
  });
});
