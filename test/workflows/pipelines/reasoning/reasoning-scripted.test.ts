import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { reasoningPipelineWorkflow } from '../../../../workflows/index.js';
import { reasoningPipeline } from '../../../../workflows/pipelines/reasoning/reasoning.pipeline.js';
import { scriptedDelay, scriptedFailure } from '../../../../runtime/scripted-llm-activities.js';
import type { LlmScript } from '../../../../runtime/scripted-llm-activities.js';
import { failedWith, SCRIPTED_MODELS, startScriptedStack } from '../../../helpers/scripted-stack.js';
import type { ScriptedStack } from '../../../helpers/scripted-stack.js';

const MODEL = SCRIPTED_MODELS[0]!;

/** Chains answer by seed (`answers[seed - 1]`; an Error fails that chain); extraction reads the last line. */
function chains(answers: Array<string | Error>, extra: LlmScript = {}): LlmScript {
  return {
    'llm.generate': (input) => {
      if (input.prompt.includes('Explain briefly')) return { text: 'because' };
      const a = answers[(input.seed ?? 1) - 1]!;
      if (a instanceof Error) throw scriptedFailure(a.message, { nonRetryable: true });
      return { text: `Thinking with seed ${input.seed}.\nFinal answer: ${a}` };
    },
    'llm.json': (input) => {
      const final = /Final answer: (.*)/.exec(input.prompt)?.[1] ?? '';
      return { data: { answer: Number.isNaN(Number(final)) ? final : Number(final) } };
    },
    'llm.classify': (input) => ({ label: /Final answer: (.*)/.exec(input.text)?.[1] ?? input.labels[0]! }),
    ...extra,
  };
}

describe('reasoning pipeline (scripted models)', () => {
  let stack: ScriptedStack;
  before(async () => (stack = await startScriptedStack()));
  after(() => stack.teardown());

  it('votes over normalised numbers, reports a failed chain, keeps going when the judge fails', async () => {
    stack.useScript(
      chains(['8', '8.0', '7', new Error('ran out of tokens'), '8'], {
        'llm.judge': () => {
          throw scriptedFailure('judge down', { nonRetryable: true });
        },
      }),
    );
    const handle = await stack.start(reasoningPipelineWorkflow, {
      question: 'How much?',
      models: [MODEL],
      chains: 5,
      answerFormat: 'number',
    });
    const r = reasoningPipeline.output.parse(await handle.result());
    assert.equal(r.answer, 8);
    assert.deepEqual(r.vote?.[0], { answer: '8', count: 3, chains: [0, 1, 4] });
    assert.equal(r.agreement, 0.75);
    assert.equal(r.chains[3]!.status, 'failed');
    assert.ok(r.failures.some((f) => /chain 3: .*ran out of tokens/.test(f)));
    assert.ok(r.failures.some((f) => /judge: .*judge down/.test(f)));
    assert.equal(r.synthesis, 'because');
  });

  it('picks among labels with the classifier, and a failed synthesis leaves it null', async () => {
    stack.useScript(
      chains(['yes', 'no', 'yes'], {
        'llm.generate': (input) => {
          if (input.prompt.includes('Explain briefly')) throw scriptedFailure('no', { nonRetryable: true });
          return { text: `Final answer: ${['yes', 'no', 'yes'][(input.seed ?? 1) - 1]}` };
        },
      }),
    );
    const handle = await stack.start(reasoningPipelineWorkflow, {
      question: 'Is it?',
      models: [MODEL],
      chains: 3,
      labels: ['yes', 'no'],
    });
    const r = await handle.result();
    assert.equal(r.answerFormat, 'label');
    assert.equal(r.answer, 'yes');
    assert.equal(r.synthesis, null);
    assert.ok(r.failures.some((f) => f.startsWith('synthesis:')));
  });

  it('counts a chain past timeoutMs as timed out', async () => {
    stack.useScript(
      chains(['4', '4'], {
        'llm.generate': async (input) => {
          if (input.prompt.includes('Explain briefly')) return { text: 'because' };
          if (input.seed === 2) await scriptedDelay(60_000);
          return { text: 'Final answer: 4' };
        },
      }),
    );
    const handle = await stack.start(reasoningPipelineWorkflow, {
      question: 'How much?',
      models: [MODEL],
      chains: 2,
      answerFormat: 'number',
      timeoutMs: 1_500,
    });
    const r = await handle.result();
    assert.deepEqual(
      r.chains.map((c) => c.status),
      ['succeeded', 'timedOut'],
    );
    assert.equal(r.answer, 4);
  });

  it('fails with NotEnoughAnswers below minSuccesses', async () => {
    stack.useScript(chains(['1', new Error('x'), new Error('y')]));
    const handle = await stack.start(reasoningPipelineWorkflow, {
      question: 'How much?',
      models: [MODEL],
      chains: 3,
      answerFormat: 'number',
      minSuccesses: 2,
    });
    await assert.rejects(handle.result(), failedWith('NotEnoughAnswers'));
  });
});
