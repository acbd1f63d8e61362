import { Context } from '@temporalio/activity';
import type {
  LlmActivityName,
  LlmChatInput,
  LlmClassifyInput,
  LlmClassifyOutput,
  LlmConsensusInput,
  LlmConsensusOutput,
  LlmEmbedInput,
  LlmEmbedOutput,
  LlmGenerateInput,
  LlmGenerateOutput,
  LlmJsonInput,
  LlmJsonOutput,
  LlmJudgeInput,
  LlmJudgeOutput,
  LlmSynthesizeInput,
  LlmSynthesizeOutput,
} from '../workflows/contracts/index.js';
import { CLASSIFY_TEXT_PREFIX } from '../workflows/contracts/index.js';
import {
  checkedInput,
  hostFor as findHost,
  invalid,
  parseConstrained,
  requireString,
  requireTexts,
} from './llm/activity-input.js';
import { consensus } from './llm/aggregate/consensus.js';
import { judge } from './llm/aggregate/judge.js';
import { synthesize } from './llm/aggregate/synthesize.js';
import { runChat } from './llm/chat-runner.js';
import { createCompactJsonGrammar } from './llm/json-grammar.js';
import { labelComplete, labelGrammar } from './llm/label-grammar.js';
import { LiveTokens } from './llm/live-tokens.js';
import { cacheMetrics, withLlmMetrics } from './llm/llm-metrics.js';
import { deterministic } from './llm/result-cache.js';
import type { ResultCacheStore } from './llm/result-cache.js';
import type { ModelHost } from './llm/model-host.js';
import type { Embedder } from './llm/embedder.js';
import type { EmbeddingModelHost } from './llm/embedding-model-host.js';
import { createEmbedShard } from './research/embed-shard.js';

export interface LlmActivityDeps {
  /** The models this worker process has loaded, by name. */
  hosts: ReadonlyMap<string, ModelHost>;
  /** Embedding-only models this worker process has loaded (LLM_EMBEDDING_MODEL), by name. */
  embedders?: ReadonlyMap<string, EmbeddingModelHost>;
  /** Root of the research indexes that `research.embedShard` writes into. */
  dataDir: string;
  /** Results of deterministic calls, reused across runs; `byDefault`: for calls that do not ask. */
  cache?: { store: ResultCacheStore; byDefault: boolean };
}

/** The LLM activities, served per model on that model's task queue. */
export function createLlmActivities({ hosts, embedders = new Map(), dataDir, cache }: LlmActivityDeps) {
  /** A chat model's host; an embedding-only model named here is a bad input, said plainly. */
  const hostFor = (input: { model?: unknown } | undefined, activity: string) => {
    if (typeof input?.model === 'string' && embedders.has(input.model))
      throw invalid(
        `${activity}: model "${input.model}" is an embedding model; it serves llm.embed, llm.consensus and research indexes only`,
      );
    return findHost(hosts, input, activity);
  };
  /** Whatever embeds for the model named: an embedding-only model, or a chat model. */
  const embedderFor = (input: { model?: unknown } | undefined, activity: string): Embedder =>
    (typeof input?.model === 'string' && embedders.get(input.model)) || findHost(hosts, input, activity);

  /**
   * Answers a deterministic call from the cache when the call (or the deployment) asks: the
   * stored output, marked `cached: true`; otherwise runs it and stores what it answered.
   */
  function cached<
    I extends { model: string; cache?: 'use' | 'skip'; temperature?: number; seed?: number },
    O,
  >(activity: string, fn: (input: I) => Promise<O>): (input: I) => Promise<O> {
    return async (input) => {
      const wanted = input.cache === 'use' || (cache?.byDefault === true && input.cache !== 'skip');
      if (!cache || !wanted || !deterministic(input)) return fn(input);
      const key = cache.store.key(embedderFor(input, activity).modelFile, activity, input);
      const hit = await cache.store.get<O>(key);
      cacheMetrics(activity, hit !== undefined);
      if (hit !== undefined) return { ...hit, cached: true };
      const output = await fn(input);
      await cache.store.put(key, output);
      return output;
    };
  }

  async function generate(input: LlmGenerateInput): Promise<LlmGenerateOutput> {
    const host = hostFor(input, 'llm.generate');
    const prompt = requireString(input.prompt, 'prompt', 'llm.generate');
    const history = input.system ? [{ role: 'system' as const, content: input.system }] : [];
    const result = await runChat(host, { ...input, history, prompt }, LiveTokens.forInput(input, host.name));
    return { ...result, model: host.name };
  }

  async function chat(input: LlmChatInput): Promise<LlmGenerateOutput> {
    const host = hostFor(input, 'llm.chat');
    const messages = input.messages;
    const last = Array.isArray(messages) ? messages[messages.length - 1] : undefined;
    if (!last || last.role !== 'user' || typeof last.content !== 'string') {
      throw invalid('llm.chat: "messages" must be a non-empty list ending with a user message');
    }
    const result = await runChat(
      host,
      { ...input, history: messages.slice(0, -1), prompt: last.content },
      LiveTokens.forInput(input, host.name),
    );
    return { ...result, model: host.name };
  }

  async function json(input: LlmJsonInput): Promise<LlmJsonOutput> {
    const host = hostFor(input, 'llm.json');
    const prompt = requireString(input.prompt, 'prompt', 'llm.json');
    if (typeof input.schema !== 'object' || input.schema === null)
      throw invalid('llm.json: "schema" must be an object');
    let json;
    try {
      json = await createCompactJsonGrammar(host.llama, input.schema);
    } catch (err) {
      throw invalid(`llm.json: unsupported schema: ${(err as Error).message}`);
    }
    const history = input.system ? [{ role: 'system' as const, content: input.system }] : [];
    const { text, ...stats } = await runChat(
      host,
      { ...input, history, prompt, grammar: json.grammar, maxTokens: input.maxTokens ?? 512 },
      LiveTokens.forInput(input, host.name),
    );
    return {
      data: parseConstrained(() => json.parse(text), 'llm.json', stats.completionTokens),
      ...stats,
      model: host.name,
    };
  }

  async function classify(input: LlmClassifyInput): Promise<LlmClassifyOutput> {
    const host = hostFor(input, 'llm.classify');
    const text = requireString(input.text, 'text', 'llm.classify');
    const labels = input.labels;
    if (!Array.isArray(labels) || labels.length < 2 || labels.some((l) => typeof l !== 'string' || !l)) {
      throw invalid('llm.classify: "labels" must list at least two non-empty strings');
    }
    const grammar = await host.llama.createGrammar({ grammar: labelGrammar(labels) });
    const instructions =
      input.instructions ?? `Classify the text into exactly one of these labels: ${labels.join(', ')}.`;
    const { text: out, ...stats } = await runChat(host, {
      history: [{ role: 'system', content: instructions }],
      prompt: `${CLASSIFY_TEXT_PREFIX}${text}\nAnswer with the label only.`,
      grammar,
      complete: labelComplete(labels),
      maxTokens: 64,
    });
    const label = parseConstrained(
      () => {
        if (!labels.includes(out)) throw new Error(`"${out}" is not a label`);
        return out;
      },
      'llm.classify',
      stats.completionTokens,
    );
    return { label, ...stats, model: host.name };
  }

  async function embed(input: LlmEmbedInput): Promise<LlmEmbedOutput> {
    const started = Date.now();
    const host = embedderFor(input, 'llm.embed');
    const text = requireString(input.text, 'text', 'llm.embed');
    const signal = Context.current().cancellationSignal;
    const vector = [...(await host.embed(text, signal))];
    return {
      vector,
      dimensions: vector.length,
      model: host.name,
      promptTokens: host.model.tokenize(text).length,
      completionTokens: 0,
      ms: Date.now() - started,
    };
  }

  function consensusOf(input: LlmConsensusInput): Promise<LlmConsensusOutput> {
    const host = embedderFor(input, 'llm.consensus');
    const texts = requireTexts(input.texts, 'texts', 'llm.consensus');
    return consensus(host, { ...input, texts });
  }

  function judgeOf(input: LlmJudgeInput): Promise<LlmJudgeOutput> {
    const host = hostFor(input, 'llm.judge');
    const candidates = requireTexts(input.candidates, 'candidates', 'llm.judge');
    const criteria = requireString(input.criteria, 'criteria', 'llm.judge');
    return judge(host, { ...input, candidates, criteria });
  }

  function synthesizeOf(input: LlmSynthesizeInput): Promise<LlmSynthesizeOutput> {
    const host = hostFor(input, 'llm.synthesize');
    const texts = requireTexts(input.texts, 'texts', 'llm.synthesize');
    const instruction = requireString(input.instruction, 'instruction', 'llm.synthesize');
    return synthesize(host, { ...input, texts, instruction });
  }

  return {
    'llm.generate': withLlmMetrics(
      'llm.generate',
      checkedInput('llm.generate', cached('llm.generate', generate)),
    ),
    'llm.chat': withLlmMetrics('llm.chat', checkedInput('llm.chat', cached('llm.chat', chat))),
    'llm.json': withLlmMetrics('llm.json', checkedInput('llm.json', cached('llm.json', json))),
    'llm.classify': withLlmMetrics(
      'llm.classify',
      checkedInput('llm.classify', cached('llm.classify', classify)),
    ),
    'llm.embed': withLlmMetrics('llm.embed', checkedInput('llm.embed', cached('llm.embed', embed))),
    'llm.consensus': withLlmMetrics(
      'llm.consensus',
      checkedInput('llm.consensus', cached('llm.consensus', consensusOf)),
    ),
    'llm.judge': withLlmMetrics('llm.judge', checkedInput('llm.judge', cached('llm.judge', judgeOf))),
    'llm.synthesize': withLlmMetrics(
      'llm.synthesize',
      checkedInput('llm.synthesize', cached('llm.synthesize', synthesizeOf)),
    ),
    'research.embedShard': withLlmMetrics(
      'research.embedShard',
      checkedInput(
        'research.embedShard',
        createEmbedShard((input) => embedderFor(input, 'research.embedShard'), dataDir),
      ),
    ),
  } satisfies Record<LlmActivityName, (input: never) => Promise<unknown>>;
}

export type LlmActivities = ReturnType<typeof createLlmActivities>;
