// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { progressQuery, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type {
  DagResult,
  DagSpec,
  LlmGenerateOutput,
  LlmSynthesizeOutput,
  MapReduceResult,
  ScatterGatherResult,
  Usage,
} from '../../workflows/contracts/index.js';
import type { ResearchBriefOutput } from '../../workflows/examples/research-brief-workflow.js';
import { startStack } from '../../runtime/stack.js';
import { WorkflowStreamClient } from '@temporalio/workflow-streams/client';
import { LIVE_TOPIC } from '../../workflows/contracts/index.js';
import type { ActivityName, LiveEvent } from '../../workflows/contracts/index.js';
import type { Stack } from '../../runtime/stack.js';

const SMOL = 'smollm2-135m';
const GEMMA = 'gemma3-270m';

// Models that judge, merge and agree, and token usage, on the real bundled models.
describe('model aggregates, usage and a workflow of ones own (real models)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ models: [SMOL, GEMMA], env: { LLM_SEQUENCES: '4', LLM_CONTEXT_SIZE: '512' } });
  });
  after(async () => {
    await stack?.teardown();
  });

  const dag = async (spec: DagSpec) => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, spec);
    return { handle, result: (await handle.result()) as DagResult };
  };
  const node = async <T>(activity: ActivityName, input: unknown): Promise<T> => {
    const { result } = await dag({ nodes: [{ id: 'n', activity, input }] });
    return result.nodes.n!.output as T;
  };

  it('a prompt built with $template from two upstream outputs is generated from', async () => {
    const { result } = await dag({
      nodes: [
        { id: 'fetch', activity: 'util.echo', input: { text: 'The Moon orbits the Earth every 27 days.' } },
        { id: 'facts', activity: 'util.echo', input: ['no air', 'craters'] },
        {
          id: 'gen',
          activity: 'llm.generate',
          input: {
            model: SMOL,
            prompt: { $template: 'Summarise:\n{{fetch.text}}\nKnown facts: {{facts}}' },
            maxTokens: 12,
          },
          dependsOn: ['fetch', 'facts'],
        },
      ],
    });
    const out = result.nodes.gen!.output as LlmGenerateOutput;
    assert.ok(out.text.trim().length > 0);
    // The rendered prompt carried both upstream outputs: far more tokens than the template alone.
    assert.ok(out.promptTokens > 25, `${out.promptTokens} prompt tokens`);
    assert.deepEqual(result.usage.byModel[SMOL], {
      promptTokens: out.promptTokens,
      promptTokensEvaluated: out.promptTokensEvaluated,
      completionTokens: out.completionTokens,
      calls: 1,
    });
  });

  it('llm.json cut short by maxTokens fails at once, saying what to change, without retries', async () => {
    const { handle, result } = await dag({
      onNodeFailure: 'continue',
      nodes: [
        {
          id: 'j',
          activity: 'llm.json',
          input: {
            model: SMOL,
            prompt: 'Describe the sea.',
            schema: { type: 'object', properties: { text: { type: 'string' } } },
            maxTokens: 3,
          },
        },
      ],
    });
    assert.match(
      result.nodes.j!.error!,
      /stopped after 3 tokens, before the JSON was complete: raise maxTokens/,
    );
    const history = await handle.fetchHistory();
    const attempts = (history.events ?? []).filter((e) => e.activityTaskStartedEventAttributes);
    assert.equal(attempts[0]?.activityTaskStartedEventAttributes?.attempt, 1, 'one attempt');
  });

  it('llm.consensus: of three texts where two say the same, the odd one is not the medoid', async () => {
    const out = await node<{ bestIndex: number; score: number; similarity: number[][] }>('llm.consensus', {
      model: SMOL,
      texts: [
        'The cat sat on the mat all afternoon.',
        'Quarterly revenue in Europe grew by twelve percent, driven by software sales.',
        'All afternoon the cat was sitting on the mat.',
      ],
    });
    assert.notEqual(out.bestIndex, 1);
    const s = out.similarity;
    assert.ok(
      s[0]![2]! > s[0]![1]! && s[0]![2]! > s[1]![2]!,
      `near-duplicates are closest: ${JSON.stringify(s)}`,
    );
    assert.ok(out.score > -1 && out.score < 1);
  });

  it('llm.judge: the index is always a valid candidate, for any candidate count', async () => {
    const sets = [2, 3, 5].map((n) =>
      Array.from({ length: n }, (_, i) => `Answer ${i + 1}: ${i + 2} plus 2 is ${i + 4}.`),
    );
    const { result } = await dag({
      nodes: sets.map((candidates, i) => ({
        id: `j${i}`,
        activity: 'llm.judge',
        input: { model: i === 1 ? GEMMA : SMOL, candidates, criteria: 'correct arithmetic' },
      })),
    });
    sets.forEach((candidates, i) => {
      const out = result.nodes[`j${i}`]!.output as { bestIndex: number; reason: string };
      assert.ok(
        Number.isInteger(out.bestIndex) && out.bestIndex >= 0 && out.bestIndex < candidates.length,
        `${out.bestIndex}`,
      );
      assert.equal(typeof out.reason, 'string');
    });
  });

  it('llm.synthesize: texts larger than one context merge hierarchically, nothing truncated', async () => {
    const para = (topic: string) =>
      `${topic} `.repeat(1) +
      'is a subject with a long history, many practitioners, several schools of thought and a great deal of writing about it. '.repeat(
        4,
      );
    const texts = ['Astronomy', 'Botany', 'Chemistry', 'Geology', 'Zoology', 'Meteorology'].map(para);
    texts.push('Oceanography covers currents, tides and sea life. '.repeat(60)); // longer than a prompt's room
    const out = await node<LlmSynthesizeOutput>('llm.synthesize', {
      model: SMOL,
      texts,
      instruction: 'Summarise these notes in one sentence.',
      maxTokens: 24,
    });
    assert.ok(out.levels >= 2, `levels ${out.levels}`);
    assert.ok((out.calls ?? 1) >= 3, `calls ${out.calls}`);
    assert.ok(out.promptTokens > 512, 'more text than one context went in');
    assert.ok(out.text.length > 0);
  });

  it('scatter-gather of llm.classify over both models: majority on "label" returns a winner with counts', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.scatterGather, {
      tasks: [SMOL, GEMMA].flatMap((model) =>
        [1, 2].map((k) => ({
          id: `${model}-${k}`,
          activity: 'llm.classify',
          input: { model, text: 'What a wonderful, happy day! I love it.', labels: ['positive', 'negative'] },
        })),
      ),
      policy: { mode: 'all' },
      aggregate: { kind: 'majority', field: 'label' },
    });
    const result = (await handle.result()) as ScatterGatherResult;
    const agg = result.aggregate as {
      kind: string;
      winner: string;
      votes: Array<{ output: string; count: number; taskIds: string[] }>;
    };
    assert.equal(agg.kind, 'majority');
    assert.ok(['positive', 'negative'].includes(agg.winner));
    assert.equal(
      agg.votes.reduce((n, v) => n + v.count, 0),
      4,
    );
    assert.equal(agg.votes[0]!.output, agg.winner);
    // Outputs carry model and timing, yet the two models' equal labels vote together.
    const models = new Set(agg.votes[0]!.taskIds.map((id) => id.split('-').slice(0, -1).join('-')));
    assert.ok(agg.votes[0]!.count >= 2);
    assert.ok(models.size >= 1);
    assert.equal(result.usage.calls, 4);
    assert.deepEqual(Object.keys(result.usage.byModel).sort(), [GEMMA, SMOL]);
  });

  it('a failing model aggregate is reported beside the gathered outcomes, which still stand', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.scatterGather, {
      tasks: [
        { id: 'a', activity: 'util.echo', input: { text: 'one' } },
        { id: 'b', activity: 'util.echo', input: { text: 'two' } },
      ],
      policy: { mode: 'all' },
      // maxTokens larger than the context allows: the synthesis fails at once, non-retryably.
      aggregate: { kind: 'synthesize', model: SMOL, field: 'text', instruction: 'Merge.', maxTokens: 8192 },
    });
    const result = (await handle.result()) as ScatterGatherResult;
    assert.deepEqual(
      result.tasks.map((t) => t.status),
      ['succeeded', 'succeeded'],
    );
    assert.equal(result.aggregate, undefined);
    assert.match(result.aggregateError!, /maxTokens 8192 leaves no room/);
  });

  const generationsDag = (topic: string): DagSpec => ({
    nodes: [
      { id: 'topics', activity: 'util.echo', input: [`${topic} one`, `${topic} two`, `${topic} three`] },
      {
        id: 'gen',
        forEach: { $from: 'topics' },
        activity: 'llm.generate',
        input: { model: SMOL, prompt: { $template: 'Say something about {{$item}}.' }, maxTokens: 12 },
        dependsOn: ['topics'],
      },
      {
        id: 'merge',
        activity: 'llm.synthesize',
        input: {
          model: GEMMA,
          texts: { $from: 'gen' },
          instruction: 'Combine into one line.',
          maxTokens: 16,
        },
        dependsOn: ['gen'],
      },
    ],
  });

  const sumOf = (
    outputs: Array<{
      promptTokens: number;
      promptTokensEvaluated?: number;
      completionTokens: number;
      calls?: number;
    }>,
  ) => ({
    promptTokens: outputs.reduce((n, o) => n + o.promptTokens, 0),
    promptTokensEvaluated: outputs.reduce((n, o) => n + o.promptTokensEvaluated!, 0),
    completionTokens: outputs.reduce((n, o) => n + o.completionTokens, 0),
    calls: outputs.reduce((n, o) => n + (o.calls ?? 1), 0),
  });

  it('usage: equals the sum of the calls, per model, in the result and the progress query; concurrent runs do not mix', async () => {
    const [a, b] = await Promise.all([dag(generationsDag('rivers')), dag(generationsDag('mountains'))]);
    for (const { handle, result } of [a, b]) {
      const gens = result.nodes.gen!.output as LlmGenerateOutput[];
      const merge = result.nodes.merge!.output as LlmSynthesizeOutput;
      const expected: Usage = {
        ...sumOf([...gens, merge]),
        byModel: { [SMOL]: sumOf(gens), [GEMMA]: sumOf([merge]) },
      };
      assert.deepEqual(result.usage, expected);
      const progress = (await handle.query(progressQuery)) as { usage: Usage };
      assert.deepEqual(progress.usage, expected);
    }
  });

  it('map-reduce: llm.generate mapper, llm.synthesize reducer; usage counts batches and folds', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.mapReduce, {
      items: ['apples', 'pears', 'plums', 'figs', 'dates', 'limes'],
      mapper: { activity: 'llm.generate', params: { model: SMOL, maxTokens: 10 }, itemField: 'prompt' },
      reducer: {
        activity: 'llm.synthesize',
        params: { model: SMOL, instruction: 'Merge into one line.', maxTokens: 16 },
      },
      batchSize: 3,
    });
    const result = (await handle.result()) as MapReduceResult;
    const merged = result.result as LlmSynthesizeOutput;
    assert.equal(typeof merged.text, 'string');
    assert.equal(result.stats.items, 6);
    assert.equal(result.usage.byModel[SMOL]!.calls, 6 + (merged.calls ?? 1));
  });

  it('a workflow of ones own (the README example) composes scatter-gather and a graph', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.researchBrief, {
      topic: 'the Moon',
      models: [SMOL, GEMMA],
      maxTokens: 24,
    });
    const out = (await handle.result()) as ResearchBriefOutput;
    assert.ok(out.brief.length > 0);
    assert.deepEqual(out.answered, [SMOL, GEMMA]);
    assert.ok([SMOL, GEMMA].includes(out.best.model));
    // Two answers, a judge, a synthesis (one or more calls) and the brief.
    assert.ok(out.usage.calls >= 5, JSON.stringify(out.usage));
    assert.equal(out.usage.byModel[GEMMA]!.calls, 1);
  });

  it('a workflow of ones own streams its model calls with "stream": "tokens", with no code for it', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.researchBrief, {
      topic: 'the Sun',
      models: [SMOL, GEMMA],
      maxTokens: 16,
      stream: 'tokens',
    });
    // Read the run's stream to its end, as the SSE bridge does.
    const events: LiveEvent[] = [];
    const client = WorkflowStreamClient.create(stack.env.client, handle.workflowId);
    for await (const item of client.subscribe<LiveEvent>(LIVE_TOPIC, 0, { resultType: true }))
      events.push(item.data);
    const out = (await handle.result()) as ResearchBriefOutput;
    const textOf = (path: string) =>
      events
        .filter((e): e is Extract<LiveEvent, { type: 'token' }> => e.type === 'token' && e.path === path)
        .map((e) => e.text)
        .join('');
    // The scatter-gather's answers and the graph's last node streamed into their branches.
    for (const model of [SMOL, GEMMA])
      assert.ok(textOf(`tasks/${model}`).length > 0, `tokens of tasks/${model}`);
    assert.equal(textOf('nodes/brief').trim(), out.brief);
  });
});
