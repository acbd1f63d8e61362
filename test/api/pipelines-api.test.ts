// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import { ANALYZERS, SENTIMENTS } from '../../workflows/contracts/index.js';
import { normalizeAnswer, tally } from '../../workflows/pipelines/reasoning/reasoning-answers.js';
import { meanRanking, rankOptions } from '../../workflows/lib/weighted-ranking.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';
import { agentsPipeline } from '../../workflows/pipelines/agents/agents.pipeline.js';
import { consensusPipeline } from '../../workflows/pipelines/consensus/consensus.pipeline.js';
import { decisionPipeline } from '../../workflows/pipelines/decision/decision.pipeline.js';
import { perspectivesPipeline } from '../../workflows/pipelines/perspectives/perspectives.pipeline.js';
import { reasoningPipeline } from '../../workflows/pipelines/reasoning/reasoning.pipeline.js';

const SMOL = 'smollm2-135m';
const GEMMA = 'gemma3-270m';

// The pipelines end to end: HTTP API, real dev server, real workers, the two bundled models.
describe('pipelines through the API (real models)', () => {
  let stack: Stack;
  before(async () => {
    // A third model is configured but no worker serves it: its answers time out.
    stack = await startStack({
      api: true,
      models: [SMOL, GEMMA],
      env: {
        LLM_MODELS: `${SMOL}=models/SmolLM2-135M-Instruct.Q4_1.gguf,${GEMMA}=models/gemma-3-270m-q4_k_m.gguf,absent=models/none.gguf`,
        LLM_WORKER_MODELS: `${SMOL},${GEMMA}`,
        LLM_SEQUENCES: '4',
      },
    });
  });
  after(async () => {
    await stack?.teardown();
  });
  const post = (name: string, body: unknown) => http('POST', `${stack.baseUrl}/pipelines/${name}`, body);

  it('consensus: every model answers in parallel, compared and judged; an unserved model is reported, the rest completes', async () => {
    const started = await post('consensus', {
      question: 'In one short sentence: what is the capital of France?',
      models: [SMOL, GEMMA, 'absent'],
      maxTokens: 24,
      timeoutMs: 20_000,
      minSuccesses: 2,
      judge: { model: GEMMA, criteria: 'correct and brief' },
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.type, WORKFLOW_TYPES.consensusPipeline);
    const done = await waitForResult(stack.baseUrl, started.body.workflowId, 180_000);
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const r = consensusPipeline.output.parse(done.body.result);
    assert.deepEqual(
      r.answers.map((a) => [a.model, a.status]),
      [
        [SMOL, 'succeeded'],
        [GEMMA, 'succeeded'],
        ['absent', 'timedOut'],
      ],
    );
    assert.ok([SMOL, GEMMA].includes(r.best.model));
    assert.ok(r.best.text.length > 0 && r.best.why.startsWith(`judged best by ${GEMMA}`));
    assert.ok(r.consensusScore > -1 && r.consensusScore <= 1);
    assert.ok(r.usage.calls >= 4, JSON.stringify(r.usage)); // two answers, the comparison, the judge
    assert.deepEqual(Object.keys(r.usage.byModel).sort(), [GEMMA, SMOL]);
  });

  it('decision: the ranking is the deterministic combination of the evaluated scores and weights', async () => {
    const options = ['a managed cloud platform', 'our own servers'];
    const started = await post('decision', {
      problem: 'A team of five must choose where to run a small internal web service.',
      options,
      strategies: ['cost-benefit', 'risk assessment'],
      perspectives: ['short-term', 'long-term'],
      maxTokens: 96,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    // The progress query shows the stage while it runs.
    const view = await http('GET', `${stack.baseUrl}/workflows/${started.body.workflowId}`);
    assert.ok(
      ['starting', 'evaluate', 'weigh', 'explain', 'done', undefined].includes(view.body.progress?.stage),
    );
    const done = await waitForResult(stack.baseUrl, started.body.workflowId, 300_000);
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const r = decisionPipeline.output.parse(done.body.result);
    assert.equal(r.matrix.length, 4);
    for (const cell of r.matrix.filter((m) => m.status === 'succeeded')) {
      assert.ok(Number.isInteger(cell.score) && cell.score! >= 0 && cell.score! <= 10);
    }
    const scored = r.matrix.flatMap((m) => (m.score === undefined ? [] : [{ ...m, score: m.score }]));
    const perPerspective = r.perspectives.flatMap((p) =>
      p.weights ? [rankOptions(options, scored, p.weights)] : [],
    );
    for (const p of r.perspectives.filter((p) => p.weights))
      assert.deepEqual(p.ranking, rankOptions(options, scored, p.weights!));
    assert.deepEqual(r.ranking, meanRanking(options, perPerspective));
    assert.equal(r.recommendation, r.ranking[0]!.option);
    assert.equal(r.margin, Math.round((r.ranking[0]!.score - r.ranking[1]!.score) * 1000) / 1000);
    assert.ok(r.rationale.length > 0);
    assert.equal(r.usage.calls, 4 + 2 + 1);
  });

  it('perspectives: the analyzers of one text run in parallel, each answer in its shape', async () => {
    const started = await post('perspectives', {
      text: 'Apple opened a new office in Berlin, and Tim Cook said the city was a wonderful place to build a team.',
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const done = await waitForResult(stack.baseUrl, started.body.workflowId, 180_000);
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const r = perspectivesPipeline.output.parse(done.body.result);
    assert.deepEqual(
      r.analyzers.map((a) => [a.name, a.status]),
      ANALYZERS.map((a) => [a, 'succeeded']),
    );
    const a = r.analysis!;
    assert.ok((SENTIMENTS as readonly string[]).includes(a.sentiment!));
    for (const kind of ['people', 'organizations', 'places', 'other'] as const)
      assert.ok(Array.isArray(a.entities![kind]));
    assert.ok(a.summary!.length > 0);
    assert.ok(Array.isArray(a.keywords) && a.keywords.length <= 6);
    assert.equal(r.usage.calls, 4);
  });

  it('reasoning: chains on both models reason in parallel, numbers are extracted and voted on, the winner explained', async () => {
    const started = await post('reasoning', {
      question: 'A shop sells pens at 3 for 2 euros. How many euros do 12 pens cost?',
      chains: 4,
      models: [SMOL, GEMMA],
      answerFormat: 'number',
      maxTokens: 96,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.type, WORKFLOW_TYPES.reasoningPipeline);
    const done = await waitForResult(stack.baseUrl, started.body.workflowId, 300_000);
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const r = reasoningPipeline.output.parse(done.body.result);
    assert.deepEqual(
      r.chains.map((c) => [c.index, c.model, c.seed]),
      [
        [0, SMOL, 1],
        [1, GEMMA, 2],
        [2, SMOL, 3],
        [3, GEMMA, 4],
      ],
    );
    const answered = r.chains.filter((c) => c.status === 'succeeded');
    assert.ok(answered.length >= 1);
    for (const c of answered) {
      assert.equal(typeof c.answer, 'number');
      assert.ok(c.reasoning!.length > 0);
      assert.equal(c.normalized, normalizeAnswer('number', c.answer!));
    }
    // The vote is arithmetic over the extracted answers.
    assert.deepEqual(r.vote, tally(answered.map((c) => ({ chain: c.index, normalized: c.normalized! }))));
    assert.equal(r.agreement, Math.round((r.vote[0]!.count / answered.length) * 100) / 100);
    assert.equal(normalizeAnswer('number', r.answer), r.vote[0]!.answer);
    assert.ok(r.vote[0]!.chains.includes(r.bestChain));
    assert.equal(typeof r.synthesis, 'string');
    assert.ok(r.usage.calls >= 2 * answered.length + 1);
  });

  it('agents: a planned DAG of subtasks for the team, run in parallel where ready, integrated and reviewed', async () => {
    const started = await post('agents', {
      goal: 'Explain in a short paragraph why tests should be fast.',
      maxSubtasks: 3,
      maxTokens: 48,
      model: SMOL,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.type, WORKFLOW_TYPES.agentsPipeline);
    const done = await waitForResult(stack.baseUrl, started.body.workflowId, 300_000);
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const r = agentsPipeline.output.parse(done.body.result);
    assert.ok(r.plan.length >= 1 && r.plan.length <= 3, JSON.stringify(r.plan));
    const team = ['researcher', 'analyst', 'writer', 'critic'];
    r.plan.forEach((s, i) => {
      assert.equal(s.id, `t${i + 1}`);
      assert.ok(team.includes(s.agent));
      for (const d of s.dependsOn) assert.ok(r.plan.some((p) => p.id === d));
    });
    assert.deepEqual(
      r.subtasks.map((s) => s.id),
      r.plan.map((s) => s.id),
    );
    for (const s of r.subtasks.filter((x) => x.status === 'succeeded')) {
      assert.ok(s.output!.length > 0);
      // A subtask starts only after the subtasks it depends on have finished.
      for (const d of r.plan.find((p) => p.id === s.id)!.dependsOn) {
        const dep = r.subtasks.find((x) => x.id === d)!;
        assert.ok(Date.parse(dep.finishedAt!) <= Date.parse(s.startedAt!));
      }
    }
    assert.ok(r.answer.length > 0);
    assert.equal(typeof r.critique!.approved, 'boolean');
    assert.equal(r.revised, !r.critique!.approved);
    // Planner (once or twice), the subtasks, integration, review (and a revision).
    const calls =
      (r.replanned ? 2 : 1) +
      r.subtasks.filter((s) => s.status === 'succeeded').length +
      2 +
      (r.revised ? 1 : 0);
    assert.equal(r.usage.calls, calls);
  });

  it('400 naming the field for bad bodies', async () => {
    for (const [name, body, pattern] of [
      ['consensus', { question: '' }, /body.question/],
      ['consensus', { question: 'q', models: ['nope'] }, /body.models\[0\]: unknown model "nope"/],
      [
        'consensus',
        { question: 'q', models: [SMOL], minSuccesses: 3 },
        /body.minSuccesses: 3 is more than the 1 answers/,
      ],
      ['decision', { problem: 'p', options: ['only one'] }, /body.options/],
      ['decision', { problem: 'p', options: ['a', 'b'], model: 'nope' }, /body.model: unknown model "nope"/],
      ['decision', { problem: 'p', options: ['a', 'b'], extra: 1 }, /extra/],
      ['perspectives', { text: 'x', analyzers: ['mood'] }, /body.analyzers/],
      [
        'perspectives',
        { source: { type: 'lines', path: '../x' } },
        /body.source.path: must be a relative path/,
      ],
      [
        'perspectives',
        { source: { type: 'lines', path: 'nope.txt' } },
        /body.source.path: "nope.txt" does not exist/,
      ],
      [
        'reasoning',
        { question: 'q', answerFormat: 'label' },
        /body.labels: answerFormat "label" needs labels/,
      ],
      ['reasoning', { question: 'q', chains: 2, minSuccesses: 3 }, /body.minSuccesses/],
      ['reasoning', { question: 'q', models: [SMOL, 'nope'] }, /body.models\[1\]: unknown model "nope"/],
      ['reasoning', { question: 'q', answerFormat: 'number', labels: ['a', 'b'] }, /body.labels/],
      ['agents', { goal: 'g', agents: [{ name: 'Bad Name', role: 'r' }] }, /body\.agents\[0\]\.name/],
      [
        'agents',
        { goal: 'g', agents: [{ name: 'a', role: 'r', model: 'nope' }] },
        /body.agents\[0\].model: unknown model "nope"/,
      ],
      ['agents', { goal: 'g', maxSubtasks: 50 }, /body.maxSubtasks/],
    ] as const) {
      const r = await post(name, body);
      assert.equal(r.status, 400, `${name} ${JSON.stringify(body)}: ${r.status}`);
      assert.match([r.body.message].flat().join('\n'), pattern);
    }
  });
});
