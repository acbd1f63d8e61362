import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { consensusPipelineWorkflow } from '../../../../workflows/index.js';
import { consensusPipeline } from '../../../../workflows/pipelines/consensus/consensus.pipeline.js';
import { scriptedDelay, scriptedFailure } from '../../../../runtime/scripted-llm-activities.js';
import { failedWith, SCRIPTED_MODELS, startScriptedStack } from '../../../helpers/scripted-stack.js';
import type { ScriptedStack } from '../../../helpers/scripted-stack.js';

const [SMOL, GEMMA] = SCRIPTED_MODELS as [string, string];

// The consensus pipeline's branches on scripted models: seconds each, on a real server.
describe('consensus pipeline (scripted models)', () => {
  let stack: ScriptedStack;
  before(async () => (stack = await startScriptedStack()));
  after(() => stack.teardown());

  it('reports a failed answer and goes on with the others; the judge picks among those that arrived', async () => {
    stack.useScript({
      'llm.generate': (input) => {
        if (input.model === GEMMA) throw scriptedFailure('out of memory', { nonRetryable: true });
        return { text: `answer ${input.seed}` };
      },
      'llm.judge': (input) => ({ bestIndex: input.candidates.length - 1, reason: 'the last is clearest' }),
    });
    const handle = await stack.start(consensusPipelineWorkflow, {
      question: 'Why?',
      models: [SMOL, GEMMA],
      samplesPerModel: 2,
      judge: { model: SMOL, criteria: 'clear' },
    });
    const result = consensusPipeline.output.parse(await handle.result());
    assert.deepEqual(
      result.answers.map((a) => [a.model, a.status]),
      [
        [SMOL, 'succeeded'],
        [SMOL, 'succeeded'],
        [GEMMA, 'failed'],
        [GEMMA, 'failed'],
      ],
    );
    assert.match(result.answers[2]!.error!, /out of memory/);
    assert.equal(result.best.text, 'answer 1');
    assert.match(result.best.why, /judged best by smollm2-135m: the last is clearest/);
  });

  it('counts an answer still running at timeoutMs as timed out, and cancels it', async () => {
    stack.useScript({
      'llm.generate': async (input) => {
        if (input.model === GEMMA) await scriptedDelay(60_000);
        return { text: 'quick' };
      },
    });
    const handle = await stack.start(consensusPipelineWorkflow, {
      question: 'Why?',
      models: [SMOL, GEMMA],
      timeoutMs: 1_500,
    });
    const result = await handle.result();
    assert.deepEqual(
      result.answers.map((a) => a.status),
      ['succeeded', 'timedOut'],
    );
    assert.equal(result.best.why, 'the only answer that arrived');
  });

  it('fails with NotEnoughAnswers when fewer than minSuccesses arrive, naming them', async () => {
    stack.useScript({
      'llm.generate': (input) => {
        if (input.model === GEMMA) throw scriptedFailure('refused', { nonRetryable: true });
        return { text: 'one' };
      },
    });
    const handle = await stack.start(consensusPipelineWorkflow, {
      question: 'Why?',
      models: [SMOL, GEMMA],
      minSuccesses: 2,
    });
    await assert.rejects(handle.result(), failedWith('NotEnoughAnswers'));
  });

  it('retries a transient model failure and succeeds on the next attempt', async () => {
    stack.useScript({
      'llm.generate': (_input, call) => {
        if (call.attempt === 1) throw scriptedFailure('transient');
        return { text: `attempt ${call.attempt}` };
      },
    });
    const handle = await stack.start(consensusPipelineWorkflow, { question: 'Why?', models: [SMOL] });
    const result = await handle.result();
    assert.equal(result.best.text, 'attempt 2');
  });

  it('fails the run when the judge fails for good', async () => {
    stack.useScript({
      'llm.judge': () => {
        throw scriptedFailure('judge crashed', { type: 'JudgeBroken', nonRetryable: true });
      },
    });
    const handle = await stack.start(consensusPipelineWorkflow, {
      question: 'Why?',
      models: [SMOL, GEMMA],
      judge: { model: SMOL, criteria: 'clear' },
    });
    // The run fails with the activity's failure, whose cause is the judge's own.
    await assert.rejects(handle.result(), (err: Error) => {
      const activity = err.cause as Error & { cause?: Error };
      return /judge crashed/.test(activity.cause?.message ?? '');
    });
  });
});
