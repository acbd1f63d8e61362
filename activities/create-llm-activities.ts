import { ApplicationFailure, Context } from '@temporalio/activity';
import type {
  LlmChatInput,
  LlmClassifyInput,
  LlmClassifyOutput,
  LlmEmbedInput,
  LlmEmbedOutput,
  LlmGenerateInput,
  LlmGenerateOutput,
  LlmJsonInput,
} from '../workflows/contracts/index.js';
import { runChat } from './llm/chat-runner.js';
import type { ModelHost } from './llm/model-host.js';

export interface LlmActivityDeps {
  /** The models this worker process has loaded, by name. */
  hosts: ReadonlyMap<string, ModelHost>;
}

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, 'InvalidInput');
}

function requireString(value: unknown, field: string, activity: string): string {
  if (typeof value !== 'string' || value.length === 0)
    throw invalid(`${activity}: "${field}" must be a non-empty string`);
  return value;
}

/** The LLM activities, served per model on that model's task queue. */
export function createLlmActivities({ hosts }: LlmActivityDeps) {
  function hostFor(input: { model?: unknown } | undefined, activity: string): ModelHost {
    const model = requireString(input?.model, 'model', activity);
    const host = hosts.get(model);
    // A queue per model means this only happens when queues are misconfigured.
    if (!host)
      throw ApplicationFailure.nonRetryable(
        `${activity}: model "${model}" is not loaded here`,
        'UnknownModel',
      );
    return host;
  }

  async function generate(input: LlmGenerateInput): Promise<LlmGenerateOutput> {
    const host = hostFor(input, 'llm.generate');
    const prompt = requireString(input.prompt, 'prompt', 'llm.generate');
    const history = input.system ? [{ role: 'system' as const, content: input.system }] : [];
    const result = await runChat(host, { ...input, history, prompt });
    return { ...result, model: host.name };
  }

  async function chat(input: LlmChatInput): Promise<LlmGenerateOutput> {
    const host = hostFor(input, 'llm.chat');
    const messages = input.messages;
    const last = Array.isArray(messages) ? messages[messages.length - 1] : undefined;
    if (!last || last.role !== 'user' || typeof last.content !== 'string') {
      throw invalid('llm.chat: "messages" must be a non-empty list ending with a user message');
    }
    const result = await runChat(host, { ...input, history: messages.slice(0, -1), prompt: last.content });
    return { ...result, model: host.name };
  }

  async function json(input: LlmJsonInput): Promise<unknown> {
    const host = hostFor(input, 'llm.json');
    const prompt = requireString(input.prompt, 'prompt', 'llm.json');
    if (typeof input.schema !== 'object' || input.schema === null)
      throw invalid('llm.json: "schema" must be an object');
    let grammar;
    try {
      grammar = await host.llama.createGrammarForJsonSchema(input.schema as never);
    } catch (err) {
      throw invalid(`llm.json: unsupported schema: ${(err as Error).message}`);
    }
    const history = input.system ? [{ role: 'system' as const, content: input.system }] : [];
    const { text } = await runChat(host, {
      ...input,
      history,
      prompt,
      grammar,
      maxTokens: input.maxTokens ?? 512,
    });
    return grammar.parse(text);
  }

  async function classify(input: LlmClassifyInput): Promise<LlmClassifyOutput> {
    const host = hostFor(input, 'llm.classify');
    const text = requireString(input.text, 'text', 'llm.classify');
    const labels = input.labels;
    if (!Array.isArray(labels) || labels.length < 2 || labels.some((l) => typeof l !== 'string' || !l)) {
      throw invalid('llm.classify: "labels" must list at least two non-empty strings');
    }
    const grammar = await host.llama.createGrammarForJsonSchema({
      type: 'object',
      properties: { label: { enum: labels } },
    } as never);
    const instructions =
      input.instructions ?? `Classify the text into exactly one of these labels: ${labels.join(', ')}.`;
    const { text: out } = await runChat(host, {
      history: [{ role: 'system', content: instructions }],
      prompt: `Text: ${text}\nAnswer with JSON {"label": ...}.`,
      grammar,
      maxTokens: 64,
    });
    return grammar.parse(out) as unknown as LlmClassifyOutput;
  }

  async function embed(input: LlmEmbedInput): Promise<LlmEmbedOutput> {
    const host = hostFor(input, 'llm.embed');
    const text = requireString(input.text, 'text', 'llm.embed');
    const signal = Context.current().cancellationSignal;
    const vector = [...(await host.embed(text, signal))];
    return { vector, dimensions: vector.length };
  }

  return {
    'llm.generate': generate,
    'llm.chat': chat,
    'llm.json': json,
    'llm.classify': classify,
    'llm.embed': embed,
  };
}

export type LlmActivities = ReturnType<typeof createLlmActivities>;
