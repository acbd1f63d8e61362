// Activities are addressed by name. Each entry says which queue serves it and how Temporal
// should time it out and retry it; workflows schedule by name through this table, and the API
// rejects names that are not in it. Adding an activity = one function + one entry here.

export type ActivityQueueKind = 'cpu' | 'llm';

export interface ActivityRetrySpec {
  maximumAttempts: number;
  initialIntervalMs: number;
  backoffCoefficient: number;
  maximumIntervalMs: number;
}

export interface ActivitySpec {
  queue: ActivityQueueKind;
  description: string;
  startToCloseTimeoutMs: number;
  /** Set for activities that heartbeat: a dead worker is noticed after this long, not at the start-to-close timeout. */
  heartbeatTimeoutMs?: number;
  retry: ActivityRetrySpec;
  /** Associative: folds a list of values (map outputs or partial results) into one of the same kind. */
  reducer?: boolean;
}

const DEFAULT_RETRY: ActivityRetrySpec = {
  maximumAttempts: 5,
  initialIntervalMs: 200,
  backoffCoefficient: 2,
  maximumIntervalMs: 10_000,
};

// LLM calls heartbeat while they generate: a killed GPU worker is noticed within the heartbeat
// timeout and the call retried on another worker for the same model.
function llmActivities<const T extends Record<string, string>>(
  descriptions: T,
): { [K in keyof T]: ActivitySpec } {
  const entries = Object.entries(descriptions).map(([name, description]) => [
    name,
    {
      queue: 'llm',
      description,
      startToCloseTimeoutMs: 10 * 60_000,
      heartbeatTimeoutMs: 10_000,
      retry: { maximumAttempts: 3, initialIntervalMs: 500, backoffCoefficient: 2, maximumIntervalMs: 5_000 },
    } satisfies ActivitySpec,
  ]);
  return Object.fromEntries(entries) as { [K in keyof T]: ActivitySpec };
}

export const ACTIVITY_REGISTRY = {
  'util.echo': {
    queue: 'cpu',
    description: 'Returns its input unchanged.',
    startToCloseTimeoutMs: 30_000,
    retry: DEFAULT_RETRY,
  },
  'text.wordCount': {
    queue: 'cpu',
    description:
      'string -> { counts: { word: n } }. A–Z lower-cased; a word is a maximal run of [a-z0-9]; every other character separates words.',
    startToCloseTimeoutMs: 60_000,
    retry: DEFAULT_RETRY,
  },
  'counts.merge': {
    queue: 'cpu',
    description:
      'List of count maps ({ counts } objects or plain maps) -> { counts } with the counts summed. Associative.',
    startToCloseTimeoutMs: 60_000,
    retry: DEFAULT_RETRY,
    reducer: true,
  },
  'number.sum': {
    queue: 'cpu',
    description: 'List of numbers -> their sum. Associative.',
    startToCloseTimeoutMs: 60_000,
    retry: DEFAULT_RETRY,
    reducer: true,
  },
  'list.concat': {
    queue: 'cpu',
    description: 'List of values -> one list, arrays spliced in order, other values appended. Associative.',
    startToCloseTimeoutMs: 60_000,
    retry: DEFAULT_RETRY,
    reducer: true,
  },
  'util.delay': {
    queue: 'cpu',
    description:
      '{ ms, value, failTimes? }: waits ms (stops promptly when cancelled), fails retryably on the first failTimes attempts, then returns value.',
    startToCloseTimeoutMs: 10 * 60_000,
    heartbeatTimeoutMs: 5_000,
    retry: { ...DEFAULT_RETRY, initialIntervalMs: 50, maximumIntervalMs: 1_000, maximumAttempts: 10 },
  },
  ...llmActivities({
    'llm.generate':
      'Text completion of a prompt: { model, prompt, system?, maxTokens, temperature?, seed?, stop? } -> { text, model, promptTokens, completionTokens, ms }.',
    'llm.chat':
      'Next assistant turn of a conversation: { model, messages: [{ role, content }], ... } -> same as llm.generate.',
    'llm.json':
      'Grammar-constrained JSON: { model, prompt, schema, ... } -> the parsed object (always parses).',
    'llm.classify': 'Pick one label: { model, text, labels } -> { label }, constrained to the labels.',
    'llm.embed': 'Embedding vector: { model, text } -> { vector, dimensions }.',
  }),
} as const satisfies Record<string, ActivitySpec>;

export type ActivityName = keyof typeof ACTIVITY_REGISTRY;

export function isActivityName(name: string): name is ActivityName {
  return Object.prototype.hasOwnProperty.call(ACTIVITY_REGISTRY, name);
}

export const REDUCER_NAMES = (Object.keys(ACTIVITY_REGISTRY) as ActivityName[]).filter(
  (name) => (ACTIVITY_REGISTRY[name] as ActivitySpec).reducer === true,
);
