import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { decisionPipelineWorkflow } from '../../../../workflows/index.js';
import { decisionPipeline } from '../../../../workflows/pipelines/decision/decision.pipeline.js';
import { scriptedFailure } from '../../../../runtime/scripted-llm-activities.js';
import type { LlmScript } from '../../../../runtime/scripted-llm-activities.js';
import { failedWith, SCRIPTED_MODELS, startScriptedStack } from '../../../helpers/scripted-stack.js';
import type { ScriptedStack } from '../../../helpers/scripted-stack.js';

const MODEL = SCRIPTED_MODELS[0]!;
const INPUT = {
  problem: 'Where to host?',
  options: ['cloud', 'basement'],
  strategies: ['cost', 'risk'],
  perspectives: ['short-term', 'long-term'],
  model: MODEL,
};

/** Scores by option and strategy ("option/strategy" → score, or an Error); weights by perspective. */
function matrix(
  scores: Record<string, number | Error>,
  weights: Record<string, Record<string, number> | Error>,
): LlmScript {
  return {
    'llm.json': (input) => {
      const option = /Option: (.*)/.exec(input.prompt)?.[1];
      if (option) {
        const strategy = /Criterion: (.*)/.exec(input.prompt)![1]!;
        const s = scores[`${option}/${strategy}`]!;
        if (s instanceof Error) throw scriptedFailure(s.message, { nonRetryable: true });
        return { data: { score: s, rationale: `${option} by ${strategy}` } };
      }
      const perspective = /From a (.*) perspective/.exec(input.prompt)![1]!;
      const w = weights[perspective]!;
      if (w instanceof Error) throw scriptedFailure(w.message, { nonRetryable: true });
      return { data: w };
    },
    'llm.generate': () => ({ text: ' Because it scores best. ' }),
  };
}

describe('decision pipeline (scripted models)', () => {
  let stack: ScriptedStack;
  before(async () => (stack = await startScriptedStack()));
  after(() => stack.teardown());

  it('weighs the scores by each perspective and averages the rankings', async () => {
    stack.useScript(
      matrix(
        { 'cloud/cost': 4, 'cloud/risk': 9, 'basement/cost': 9, 'basement/risk': 2 },
        { 'short-term': { cost: 10, risk: 0 }, 'long-term': { cost: 0, risk: 10 } },
      ),
    );
    const handle = await stack.start(decisionPipelineWorkflow, INPUT);
    const r = decisionPipeline.output.parse(await handle.result());
    // short-term: basement 9, cloud 4; long-term: cloud 9, basement 2; mean: cloud 6.5, basement 5.5.
    assert.deepEqual(
      r.perspectives.map((p) => p.ranking?.[0]?.option),
      ['basement', 'cloud'],
    );
    assert.equal(r.recommendation, 'cloud');
    assert.equal(r.margin, 1);
    assert.equal(r.rationale, 'Because it scores best.');
  });

  it('reports a failed evaluation and a failed perspective, and decides on the rest', async () => {
    stack.useScript(
      matrix(
        { 'cloud/cost': 4, 'cloud/risk': 9, 'basement/cost': new Error('timeout'), 'basement/risk': 2 },
        { 'short-term': new Error('refused'), 'long-term': { cost: 5, risk: 5 } },
      ),
    );
    const handle = await stack.start(decisionPipelineWorkflow, INPUT);
    const r = await handle.result();
    const failed = r.matrix.find((m) => m.option === 'basement' && m.strategy === 'cost')!;
    assert.equal(failed.status, 'failed');
    assert.match(failed.error!, /timeout/);
    assert.equal(r.perspectives[0]!.status, 'failed');
    assert.equal(r.perspectives[0]!.ranking, undefined);
    assert.equal(r.recommendation, 'cloud');
  });

  it('fails with NoEvaluations when every evaluation failed', async () => {
    const broken = new Error('down');
    stack.useScript(
      matrix(
        { 'cloud/cost': broken, 'cloud/risk': broken, 'basement/cost': broken, 'basement/risk': broken },
        {},
      ),
    );
    const handle = await stack.start(decisionPipelineWorkflow, INPUT);
    await assert.rejects(handle.result(), failedWith('NoEvaluations'));
  });
});
