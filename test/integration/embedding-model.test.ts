// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WorkflowFailedError } from '@temporalio/client';
import { DEFAULT_EMBEDDING_MODEL, DEFAULT_EMBEDDING_MODEL_NAME } from '../../config/app-config.js';
import { WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { DagResult, LlmConsensusOutput, LlmEmbedOutput } from '../../workflows/contracts/index.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const SMOL = 'smollm2-135m';
const EMBED = DEFAULT_EMBEDDING_MODEL_NAME;

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  a.forEach((x, i) => {
    dot += x * b[i]!;
    na += x * x;
    nb += b[i]! * b[i]!;
  });
  return dot / Math.sqrt(na * nb);
}

// The embedding model npm install converts (all-MiniLM-L6-v2 as GGUF), on its own queue of the
// GPU worker, through real Temporal runs.
describe('the embedding model (real)', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({
      models: [SMOL, EMBED],
      env: { LLM_EMBEDDING_MODEL: DEFAULT_EMBEDDING_MODEL },
    });
  });
  after(async () => {
    await stack?.teardown();
  });

  const dag = async (nodes: unknown[]) =>
    (await (await stack.start(WORKFLOW_TYPES.dag, { nodes })).result()) as DagResult;

  it('loads as an embedding host with parallel contexts, beside the chat model', () => {
    assert.deepEqual([...stack.gpu!.hosts.keys()], [SMOL]);
    const host = stack.gpu!.embedders.get(EMBED)!;
    assert.ok(host.sequences >= 1);
    assert.match(host.describe(), /kind=embedding/);
  });

  it('llm.embed: 384 numbers that put texts of one meaning together and others apart', async () => {
    const texts = [
      'How do I cancel a running activity?',
      'Cancelling an activity that is in progress',
      'The weather in Paris is sunny today.',
    ];
    const r = await dag(
      texts.map((text, i) => ({ id: `e${i}`, activity: 'llm.embed', input: { model: EMBED, text } })),
    );
    const [a, b, c] = [0, 1, 2].map((i) => r.nodes[`e${i}`]!.output as LlmEmbedOutput);
    assert.deepEqual([a!.dimensions, a!.model], [384, EMBED]);
    const related = cosine(a!.vector, b!.vector);
    const unrelated = cosine(a!.vector, c!.vector);
    assert.ok(related > 0.6 && unrelated < 0.3, `related ${related}, unrelated ${unrelated}`);
  });

  it('embeds the same text the same way whichever context takes it, several at once', async () => {
    const text = 'Durable workflows survive crashes.';
    const nodes = Array.from({ length: 6 }, (_, i) => ({
      id: `n${i}`,
      activity: 'llm.embed',
      input: { model: EMBED, text },
    }));
    const r = await dag(nodes);
    const vectors = nodes.map((n) => (r.nodes[n.id]!.output as LlmEmbedOutput).vector);
    for (const v of vectors.slice(1)) assert.ok(cosine(v, vectors[0]!) > 0.9999);
  });

  it('a text longer than the model reads is cut to it, not refused', async () => {
    const text = 'word '.repeat(2_000);
    const r = await dag([{ id: 'long', activity: 'llm.embed', input: { model: EMBED, text } }]);
    assert.equal((r.nodes.long!.output as LlmEmbedOutput).dimensions, 384);
  });

  it('llm.consensus on it picks the answer closest in meaning to the others', async () => {
    const texts = [
      'Paris is the capital of France.',
      "France's capital city is Paris.",
      'The capital of France is Paris.',
      'Bananas are yellow.',
    ];
    const r = await dag([{ id: 'c', activity: 'llm.consensus', input: { model: EMBED, texts } }]);
    const out = r.nodes.c!.output as LlmConsensusOutput;
    assert.ok(out.bestIndex < 3, JSON.stringify(out));
    assert.ok(out.similarity[0]![1]! > out.similarity[0]![3]! + 0.3, JSON.stringify(out.similarity));
  });

  it('a chat activity sent to it fails at once, non-retryable, saying it is an embedding model', async () => {
    const handle = await stack.start(WORKFLOW_TYPES.dag, {
      nodes: [{ id: 'g', activity: 'llm.generate', input: { model: EMBED, prompt: 'hello' } }],
    });
    const outcome = await handle.result().then(
      (r) => r as DagResult,
      (err: unknown) => err,
    );
    const text =
      outcome instanceof WorkflowFailedError ? String(outcome.cause?.message) : JSON.stringify(outcome);
    assert.match(text, /model "minilm-l6" is an embedding model/);
    const attempts = (await handle.fetchHistory()).events!.filter(
      (e) => e.activityTaskStartedEventAttributes,
    );
    assert.deepEqual(
      attempts.map((e) => e.activityTaskStartedEventAttributes!.attempt),
      [1],
    );
  });
});
