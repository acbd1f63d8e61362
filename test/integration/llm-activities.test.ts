// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type {
  DagResult,
  LlmGenerateOutput,
  MapReduceResult,
  ScatterGatherResult,
} from '../../workflows/contracts/index.js';
import { nativeSequenceId } from '../../activities/llm/sequence-order.js';
import { waitUntil } from '../helpers/history.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const SMOL = 'smollm2-135m';
const GEMMA = 'gemma3-270m';

// Real models (the set-up's GGUF files), real llama.cpp on this machine's backend, real Temporal.
describe('LLM activities on the GPU worker', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ models: [SMOL, GEMMA], env: { LLM_SEQUENCES: '2', LLM_CONTEXT_SIZE: '512' } });
  });
  after(async () => {
    await stack?.teardown();
  });

  /** Runs one activity as a single DAG node and returns its output (or throws its error). */
  const call = async <T>(activity: string, input: unknown): Promise<T> => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, { nodes: [{ id: 'n', activity, input }] });
    const result = (await handle.result()) as DagResult;
    return result.nodes.n!.output as T;
  };

  it('loads each model once, with an explicit context size and sequence count', () => {
    const hosts = stack.gpu!.hosts;
    assert.deepEqual([...hosts.keys()], [SMOL, GEMMA]);
    for (const host of hosts.values()) {
      assert.equal(host.sequences, 2);
      assert.equal(host.context.contextSize, 512);
    }
  });

  it('reads the context-native id of each sequence (batches are ordered by it)', async () => {
    const host = stack.gpu!.hosts.get(SMOL)!;
    const ids = await host.withSequence([], ({ slot: a }) =>
      host.withSequence([], ({ slot: b }) => Promise.resolve([nativeSequenceId(a), nativeSequenceId(b)])),
    );
    assert.ok(ids.every((id) => Number.isInteger(id)));
    assert.notEqual(ids[0], ids[1]);
  });

  it('llm.generate: text with token counts; temperature 0 and a seed repeat exactly', async () => {
    const input = {
      model: SMOL,
      prompt: 'Write one sentence about the sea.',
      maxTokens: 24,
      temperature: 0,
      seed: 7,
    };
    const a = await call<LlmGenerateOutput>('llm.generate', input);
    const b = await call<LlmGenerateOutput>('llm.generate', input);
    assert.ok(a.text.trim().length > 0);
    assert.equal(a.model, SMOL);
    assert.ok(a.promptTokens > 0 && a.completionTokens > 0 && a.completionTokens <= 24);
    assert.ok(a.ms > 0);
    assert.equal(b.text, a.text);
    // The second call found its whole prompt in the first one's sequence: only the last token,
    // whose logits start the answer, was evaluated again.
    assert.equal(b.promptTokensEvaluated, 1);
    assert.equal(b.promptTokens, a.promptTokens);
  });

  it('llm.generate: a prompt sharing a prefix with a free sequence evaluates only the rest', async () => {
    const shared = `Document: ${'The river rose after three days of rain, and the town moved its market uphill. '.repeat(6)}`;
    const ask = (question: string) =>
      call<LlmGenerateOutput>('llm.generate', {
        model: GEMMA,
        prompt: `${shared}\nQuestion: ${question}`,
        maxTokens: 12,
        temperature: 0,
      });
    const first = await ask('What rose?');
    const second = await ask('Where did the market move?');
    // The document (about 100 tokens) was evaluated by the first call only.
    assert.ok(first.promptTokensEvaluated! > 100, `first evaluated ${first.promptTokensEvaluated}`);
    assert.ok(
      second.promptTokensEvaluated! < 20,
      `second evaluated ${second.promptTokensEvaluated} of ${second.promptTokens}`,
    );
    assert.ok(second.text.trim().length > 0);
  });

  it('llm.generate: calls sharing a document that arrive together evaluate it once (a prefix copied between sequences)', async () => {
    const doc = `Notes: ${'The harbour froze in January, so the ferries waited and the bakery sold out by noon. '.repeat(6)}`;
    const ask = (question: string) =>
      call<LlmGenerateOutput>('llm.generate', {
        model: SMOL,
        prompt: `${doc}\nQuestion: ${question}`,
        maxTokens: 8,
        temperature: 0,
      });
    const answers = await Promise.all([ask('What froze?'), ask('Who waited?')]);
    const evaluated = answers.map((a) => a.promptTokensEvaluated!).sort((a, b) => a - b);
    assert.ok(evaluated[1]! > 100, `one call evaluated the document: ${evaluated.join(', ')}`);
    assert.ok(evaluated[0]! < 20, `the other copied it: ${evaluated.join(', ')}`);
  });

  it('llm.generate with cache "use": a deterministic call again is answered from the cache, a sampled one never', async () => {
    const input = {
      model: SMOL,
      prompt: `Name a colour. (${Date.now()})`,
      maxTokens: 8,
      cache: 'use' as const,
    };
    const first = await call<LlmGenerateOutput>('llm.generate', input);
    const again = await call<LlmGenerateOutput>('llm.generate', input);
    assert.equal(first.cached, undefined);
    assert.equal(again.cached, true);
    assert.equal(again.text, first.text);
    assert.equal(again.promptTokens, first.promptTokens);
    const sampled = { ...input, temperature: 0.8 };
    await call<LlmGenerateOutput>('llm.generate', sampled);
    assert.equal((await call<LlmGenerateOutput>('llm.generate', sampled)).cached, undefined);
    // Without asking (and LLM_CACHE unset) nothing is cached.
    const plain = { model: SMOL, prompt: `Name a fruit. (${Date.now()})`, maxTokens: 8 };
    await call<LlmGenerateOutput>('llm.generate', plain);
    assert.equal((await call<LlmGenerateOutput>('llm.generate', plain)).cached, undefined);
  });

  it('llm.generate: a stop string ends the text just before it', async () => {
    const base = { model: SMOL, prompt: 'Describe a quiet harbour at dawn.', maxTokens: 40, temperature: 0 };
    const full = await call<LlmGenerateOutput>('llm.generate', base);
    const words = full.text.split(/\s+/).filter((w) => /^[a-z]{4,}$/.test(w));
    const stop = words[Math.floor(words.length / 2)];
    assert.ok(stop, `no word to stop on in ${JSON.stringify(full.text)}`);
    const cut = await call<LlmGenerateOutput>('llm.generate', { ...base, stop: [stop] });
    assert.equal(cut.text, full.text.slice(0, full.text.indexOf(stop)));
    assert.ok(cut.completionTokens < full.completionTokens);
  });

  it('llm.generate: a prompt longer than the context fails at once, without retries', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, {
      nodes: [
        {
          id: 'n',
          activity: 'llm.generate',
          input: { model: SMOL, prompt: 'word '.repeat(2000), maxTokens: 8 },
        },
      ],
      onNodeFailure: 'continue',
    });
    const result = (await handle.result()) as DagResult;
    assert.equal(result.nodes.n!.status, 'failed');
    assert.match(
      result.nodes.n!.error ?? '',
      /prompt is \d+ tokens but "smollm2-135m" has 512 tokens of context/,
    );
  });

  it('llm.chat: answers the last user message of a conversation', async () => {
    const out = await call<LlmGenerateOutput>('llm.chat', {
      model: GEMMA,
      messages: [
        { role: 'system', content: 'You answer in one word.' },
        { role: 'user', content: 'What colour is the sky on a clear day?' },
      ],
      maxTokens: 8,
    });
    assert.ok(out.text.trim().length > 0);
    assert.equal(out.model, GEMMA);
  });

  it('llm.json: grammar-constrained output always parses and fits the schema', async () => {
    const { data: out, ...stats } = await call<{
      data: { name: string; age: number };
      model: string;
      completionTokens: number;
    }>('llm.json', {
      model: SMOL,
      prompt: 'Invent a person. Reply as JSON with name and age.',
      schema: {
        type: 'object',
        properties: { name: { type: 'string' }, age: { type: 'integer' } },
        required: ['name', 'age'],
      },
      maxTokens: 48,
    });
    assert.equal(typeof out.name, 'string');
    assert.ok(Number.isInteger(out.age));
    assert.equal(stats.model, SMOL);
    assert.ok(stats.completionTokens > 0);
  });

  it('llm.classify: returns one of the labels', async () => {
    const labels = ['positive', 'negative', 'neutral'];
    const out = await call<{ label: string; completionTokens: number }>('llm.classify', {
      model: SMOL,
      text: 'I love this, it is wonderful!',
      labels,
    });
    assert.ok(labels.includes(out.label), out.label);
    // The label and nothing around it: a few tokens, not a JSON object's eight or more.
    assert.ok(out.completionTokens <= 4, JSON.stringify(out));
    // Labels one of which begins another, and labels with quotes, come back whole.
    for (const odd of [
      ['pos', 'positive', 'neg'],
      ['say "yes"', 'say "no"'],
    ]) {
      const r = await call<{ label: string }>('llm.classify', { model: SMOL, text: 'Great!', labels: odd });
      assert.ok(odd.includes(r.label), r.label);
    }
  });

  it('llm.embed: a vector of the model’s width', async () => {
    const out = await call<{ vector: number[]; dimensions: number }>('llm.embed', {
      model: SMOL,
      text: 'hello world',
    });
    assert.ok(out.dimensions > 0);
    assert.equal(out.vector.length, out.dimensions);
    assert.ok(out.vector.every((x) => Number.isFinite(x)));
  });

  it('more concurrent requests than sequences all complete, and the two models answer side by side', async () => {
    const tasks = Array.from({ length: 6 }, (_, i) => ({
      id: `q${i}`,
      activity: 'llm.generate',
      input: { model: i % 2 ? GEMMA : SMOL, prompt: `Say the number ${i}.`, maxTokens: 8 },
    }));
    const handle = await stack.start(WORKFLOW_TYPES.scatterGather, { tasks, policy: { mode: 'all' } });
    const result = (await handle.result()) as ScatterGatherResult;
    assert.deepEqual(
      result.tasks.map((t) => t.status),
      Array(6).fill('succeeded'),
    );
    assert.deepEqual(
      result.tasks.map((t) => (t.output as LlmGenerateOutput).model),
      [SMOL, GEMMA, SMOL, GEMMA, SMOL, GEMMA],
    );
  });

  it('map-reduce over an LLM mapper: batch inference on the model queue', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.mapReduce, {
      items: ['great product', 'terrible service', 'it was fine', 'awful', 'superb'],
      mapper: {
        activity: 'llm.classify',
        params: { model: SMOL, labels: ['good', 'bad'] },
        itemField: 'text',
      },
      reducer: 'list.concat',
      batchSize: 3,
    });
    const result = (await handle.result()) as MapReduceResult;
    const labels = result.result as Array<{ label: string }>;
    assert.equal(labels.length, 5);
    assert.ok(labels.every((l) => l.label === 'good' || l.label === 'bad'));
  });

  it('cancelling the workflow stops generation within a second', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, {
      nodes: [
        {
          id: 'long',
          activity: 'llm.generate',
          input: { model: SMOL, prompt: 'Tell a very long story about a dragon.', maxTokens: 400 },
        },
      ],
    });
    const host = stack.gpu!.hosts.get(SMOL)!;
    await waitUntil(() => host.busySequences > 0, 15_000, 'generation to start');
    await new Promise((r) => setTimeout(r, 500)); // well into decoding
    const requested = Date.now();
    await handle.cancel();
    await waitUntil(() => host.busySequences === 0, 5_000, 'generation to stop');
    const stoppedMs = Date.now() - requested;
    assert.ok(stoppedMs < 1_000, `generation stopped ${stoppedMs} ms after the cancel request`);
    await assert.rejects(handle.result(), /cancel/i);
  });
});
