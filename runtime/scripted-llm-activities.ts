// The LLM activities without models, answering from a script: fixed texts, grammar-shaped JSON,
// failures, delays. Typed by the real factory (`satisfies LlmActivities`), so a change to an
// activity's input or output breaks this file's build rather than passing tests that no longer
// describe the real thing. Workflow logic — a failed judge, a re-plan, a timeout, minSuccesses —
// is then tested in seconds, on the real server and workers, with the model queues served here.
import { createHash } from 'node:crypto';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { LlmActivities } from '../activities/create-llm-activities.js';
import { checkedInput } from '../activities/llm/activity-input.js';
import { createEmbedShard } from '../activities/research/embed-shard.js';
import type { EmbeddingHost } from '../activities/research/embed-shard.js';
import type { LlmCallStats, LlmActivityName, TextLike } from '../workflows/contracts/index.js';

type Input<N extends LlmActivityName> = Parameters<LlmActivities[N]>[0];
type Output<N extends LlmActivityName> = Awaited<ReturnType<LlmActivities[N]>>;
/** What a script answers: the output without the call statistics (filled in), or a failure. */
type Answer<N extends LlmActivityName> = Omit<Output<N>, keyof LlmCallStats> & Partial<LlmCallStats>;

export interface ScriptedCall {
  /** 1 for the first attempt of this activity execution. */
  attempt: number;
  /** How many calls of this activity the script has answered so far (0 for the first). */
  index: number;
}

/** Per activity, how to answer a call; activities left out get the defaults below. */
export type LlmScript = {
  [N in Exclude<LlmActivityName, 'research.embedShard'>]?: (
    input: Input<N>,
    call: ScriptedCall,
  ) => Answer<N> | Promise<Answer<N>>;
};

/** A failure the workflow sees as the real activity's would be (retryable unless said). */
export function scriptedFailure(message: string, options: { type?: string; nonRetryable?: boolean } = {}) {
  return ApplicationFailure.create({
    message,
    type: options.type ?? 'ScriptedFailure',
    nonRetryable: options.nonRetryable ?? false,
  });
}

/** Waits `ms`, heartbeating, so a cancellation (a scatter-gather timeout) stops it as a model's would. */
export async function scriptedDelay(ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    Context.current().heartbeat();
    await Context.current().sleep(Math.min(100, until - Date.now()));
  }
}

const textOf = (t: TextLike) => (t === null ? '' : typeof t === 'string' ? t : t.text);
const tokens = (text: string) => Math.max(1, text.split(/\s+/).filter(Boolean).length);

/** A unit vector from a text's hash: equal texts embed equally, different ones rarely close. */
function embedding(text: string, dimensions = 16): number[] {
  const hash = createHash('sha256').update(text).digest();
  const v = Array.from({ length: dimensions }, (_, i) => hash[i % hash.length]! - 128);
  const norm = Math.hypot(...v) || 1;
  return v.map((x) => x / norm);
}

/** The smallest value a JSON schema (the subset grammars take) admits: what a grammar would force. */
export function instanceOf(schema: unknown): unknown {
  const s = (schema ?? {}) as Record<string, unknown>;
  if (Array.isArray(s.enum)) return s.enum[0];
  if ('const' in s) return s.const;
  if (Array.isArray(s.oneOf)) return instanceOf(s.oneOf[0]);
  if (Array.isArray(s.anyOf)) return instanceOf(s.anyOf[0]);
  switch (Array.isArray(s.type) ? s.type[0] : s.type) {
    case 'object':
      return Object.fromEntries(
        Object.entries((s.properties ?? {}) as Record<string, unknown>).map(([k, v]) => [k, instanceOf(v)]),
      );
    case 'array':
      return Array.from({ length: Number(s.minItems ?? 1) }, () => instanceOf(s.items));
    case 'integer':
    case 'number':
      return Number(s.minimum ?? 0);
    case 'boolean':
      return true;
    case 'null':
      return null;
    default:
      return 'scripted';
  }
}

const DEFAULTS: Required<LlmScript> = {
  'llm.generate': (input) => ({ text: `scripted answer to: ${input.prompt.slice(0, 60)}` }),
  'llm.chat': (input) => ({
    text: `scripted reply to: ${String(input.messages.at(-1)?.content).slice(0, 60)}`,
  }),
  'llm.json': (input) => ({ data: instanceOf(input.schema) }),
  'llm.classify': (input) => ({ label: input.labels[0]! }),
  'llm.embed': (input) => ({ vector: embedding(input.text), dimensions: 16 }),
  'llm.consensus': (input) => ({
    bestIndex: 0,
    score: 1,
    // Every text the same in meaning: the first is the medoid.
    similarity: input.texts.map(() => input.texts.map(() => 1)),
  }),
  'llm.judge': () => ({ bestIndex: 0, reason: 'scripted: the first candidate' }),
  'llm.synthesize': (input) => ({ text: input.texts.map(textOf).join(' '), levels: 1 }),
};

/**
 * A model for research indexes: words as tokens, embeddings as `llm.embed` answers (the script's,
 * so a test can slow or fail an index build, or the hashed default).
 */
function scriptedEmbeddingHost(name: string, embed: (text: string) => Promise<number[]>): EmbeddingHost {
  const vocabulary: string[] = [];
  return {
    name,
    model: {
      tokenize: (text: string) =>
        text
          .split(/\s+/)
          .filter(Boolean)
          .map((w) => (vocabulary.push(w), vocabulary.length - 1)) as never,
      detokenize: (ids: readonly number[]) => ids.map((id) => vocabulary[id]).join(' '),
    },
    embed,
  };
}

/**
 * The LLM activities answering from `script` (or `script()`, read at each call, so one worker can
 * serve a file's tests with a script each). Every answer carries the model name and token counts.
 */
export function createScriptedLlmActivities(script: LlmScript | (() => LlmScript), dataDir: string) {
  const counts = new Map<string, number>();
  // Inputs are checked by the real activities' schemas first: a workflow that sends a model call
  // the real one would refuse fails here too.
  function scripted<N extends Exclude<LlmActivityName, 'research.embedShard'>>(name: N) {
    return checkedInput(name, async (input: Input<N>): Promise<Output<N>> => {
      const started = Date.now();
      const current = typeof script === 'function' ? script() : script;
      const answer = (current[name] ?? DEFAULTS[name]) as (
        i: Input<N>,
        c: ScriptedCall,
      ) => Answer<N> | Promise<Answer<N>>;
      const index = counts.get(name) ?? 0;
      counts.set(name, index + 1);
      const out = await answer(input, { attempt: Context.current().info.attempt, index });
      const text = JSON.stringify(out);
      return {
        model: (input as { model: string }).model,
        promptTokens: tokens(JSON.stringify(input)),
        completionTokens: name === 'llm.embed' ? 0 : tokens(text),
        ms: Date.now() - started,
        ...out,
      } as Output<N>;
    });
  }
  const embedOf = scripted('llm.embed');
  return {
    'llm.generate': scripted('llm.generate'),
    'llm.chat': scripted('llm.chat'),
    'llm.json': scripted('llm.json'),
    'llm.classify': scripted('llm.classify'),
    'llm.embed': embedOf,
    'llm.consensus': scripted('llm.consensus'),
    'llm.judge': scripted('llm.judge'),
    'llm.synthesize': scripted('llm.synthesize'),
    'research.embedShard': checkedInput(
      'research.embedShard',
      createEmbedShard((input) => {
        const model = String(input.model);
        return scriptedEmbeddingHost(model, async (text) => (await embedOf({ model, text })).vector);
      }, dataDir),
    ),
  } satisfies LlmActivities;
}
