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
  /**
   * A short, pure CPU step: run as a local activity inside the workflow worker, with no
   * task-queue round trip (a few ms a step instead of about 80 ms on the dev server). Its
   * result is still recorded in history; a failed attempt is retried in the worker.
   */
  local?: boolean;
}

const DEFAULT_RETRY: ActivityRetrySpec = {
  maximumAttempts: 5,
  initialIntervalMs: 200,
  backoffCoefficient: 2,
  maximumIntervalMs: 10_000,
};

// LLM calls heartbeat while they generate: a killed GPU worker is noticed within the heartbeat
// timeout and the call retried on another worker for the same model.
function llm(description: string, extra: Partial<ActivitySpec> = {}): ActivitySpec & { queue: 'llm' } {
  return {
    description,
    startToCloseTimeoutMs: 10 * 60_000,
    heartbeatTimeoutMs: 10_000,
    retry: { maximumAttempts: 3, initialIntervalMs: 500, backoffCoefficient: 2, maximumIntervalMs: 5_000 },
    ...extra,
    queue: 'llm',
  };
}

const STATS = 'model, promptTokens, completionTokens, ms';

export const ACTIVITY_REGISTRY = {
  'util.echo': {
    queue: 'cpu',
    local: true,
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
    local: true,
    description:
      'List of count maps ({ counts } objects or plain maps) -> { counts } with the counts summed. Associative.',
    startToCloseTimeoutMs: 60_000,
    retry: DEFAULT_RETRY,
    reducer: true,
  },
  'number.sum': {
    queue: 'cpu',
    local: true,
    description: 'List of numbers -> their sum. Associative.',
    startToCloseTimeoutMs: 60_000,
    retry: DEFAULT_RETRY,
    reducer: true,
  },
  'list.concat': {
    queue: 'cpu',
    local: true,
    description: 'List of values -> one list, arrays spliced in order, other values appended. Associative.',
    startToCloseTimeoutMs: 60_000,
    retry: DEFAULT_RETRY,
    reducer: true,
  },
  'list.collect': {
    queue: 'cpu',
    local: true,
    description:
      "Reducer that keeps every item's output in item order, null for a skipped failure: the map-reduce result is the list of outputs. Folds lists like list.concat.",
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
  'llm.generate': llm(
    `Text completion of a prompt: { model, prompt, system?, maxTokens, temperature?, seed?, stop? } -> { text, ${STATS} }.`,
  ),
  'llm.chat': llm(
    'Next assistant turn of a conversation: { model, messages: [{ role, content }], ... } -> same as llm.generate.',
  ),
  'llm.json': llm(
    `Grammar-constrained JSON: { model, prompt, schema, ... } -> { data, ${STATS} }, data always parses and conforms.`,
  ),
  'llm.classify': llm(
    `Pick one label: { model, text, labels, instructions? } -> { label, ${STATS} }, constrained to the labels.`,
  ),
  'llm.embed': llm(`Embedding vector: { model, text } -> { vector, dimensions, ${STATS} }.`),
  'llm.consensus': llm(
    `Agreement among texts: { model, texts } -> { bestIndex (the medoid by cosine similarity of embeddings), score (mean pairwise similarity), similarity, ${STATS} }.`,
  ),
  'llm.judge': llm(
    `Pick the best candidate: { model, candidates, criteria } -> { bestIndex (always valid), reason, ${STATS} }.`,
  ),
  'llm.synthesize': llm(
    `Merge texts into one: { model, texts, instruction, maxTokens? } -> { text, levels, calls, ${STATS} }; merges hierarchically when the texts do not fit one context. A reducer: { activity: "llm.synthesize", params: { model, instruction } }.`,
    { startToCloseTimeoutMs: 30 * 60_000, reducer: true },
  ),
  'research.prepareIndex': {
    queue: 'cpu',
    description:
      'Research index, step 1: { collection, model, chunkChars, embedTokens, shardSize } -> { index, status: "current" | "build", files, chunks, shards }. Fingerprints the collection\'s files; when they changed, chunks them and builds the keyword (BM25) index.',
    startToCloseTimeoutMs: 10 * 60_000,
    retry: DEFAULT_RETRY,
  },
  'research.embedShard': llm(
    `Research index, step 2: { model, index, shard } -> { chunks, ${STATS} }. Embeds one shard of chunks into the index folder (skipped when already there).`,
  ),
  'research.commitIndex': {
    queue: 'cpu',
    description:
      'Research index, step 3: { index } -> the manifest. Joins the shards into one vector file and writes the manifest that makes the index current.',
    startToCloseTimeoutMs: 5 * 60_000,
    retry: DEFAULT_RETRY,
  },
  'research.search': {
    queue: 'cpu',
    description:
      '{ index, mode: "keywords", query } | { index, mode: "vectors", vector } (+ topK) -> { hits: [{ chunk, path, title, heading, text, score }] }: BM25 or cosine ranking over a built index.',
    startToCloseTimeoutMs: 60_000,
    retry: DEFAULT_RETRY,
  },
} as const satisfies Record<string, ActivitySpec>;

export type ActivityName = keyof typeof ACTIVITY_REGISTRY;

export function isActivityName(name: string): name is ActivityName {
  return Object.prototype.hasOwnProperty.call(ACTIVITY_REGISTRY, name);
}

/** Activities that run on a model's queue (their input names the model). */
export type LlmActivityName = {
  [K in ActivityName]: (typeof ACTIVITY_REGISTRY)[K]['queue'] extends 'llm' ? K : never;
}[ActivityName];

export type CpuActivityName = Exclude<ActivityName, LlmActivityName>;

export const REDUCER_NAMES: readonly string[] = (Object.keys(ACTIVITY_REGISTRY) as ActivityName[]).filter(
  (name) => (ACTIVITY_REGISTRY[name] as ActivitySpec).reducer === true,
);
