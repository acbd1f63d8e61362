import { parseMcpServers } from './mcp-servers.js';
import type { McpServerConfig } from './mcp-servers.js';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { ClientConnectConfig } from '@temporalio/envconfig';
import { z } from 'zod';
import { DEFAULT_TASK_QUEUE_PREFIX } from '../workflows/contracts/index.js';
import { fromRoot } from './project-root.js';

// All configuration comes from the environment and is validated once at start-up; a bad value
// stops the process with a message that names the variable.

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = (max: number) => z.coerce.number().int().min(1).max(max);
const emptyAsUndefined = (v: unknown) => (v === '' ? undefined : v);

const DEFAULT_MODELS =
  'smollm2-135m=models/SmolLM2-135M-Instruct.Q4_1.gguf,gemma3-270m=models/gemma-3-270m-q4_k_m.gguf';

const modelName = /^[a-z0-9][a-z0-9._-]{0,62}$/;

/** The sentence-embedding model `npm install` converts to GGUF (scripts/models/bert-to-gguf.mjs). */
export const DEFAULT_EMBEDDING_MODEL_NAME = 'minilm-l6';
export const DEFAULT_EMBEDDING_MODEL = `${DEFAULT_EMBEDDING_MODEL_NAME}=models/all-MiniLM-L6-v2.Q8_0.gguf`;

const envSchema = z.object({
  PORT: port.default(3000),
  /** Interface the API listens on; loopback unless said otherwise. */
  API_HOST: z.string().min(1).default('127.0.0.1'),
  /** Comma-separated bearer keys; when set, every endpoint but /health (and the docs) needs one. */
  API_KEYS: z.preprocess(emptyAsUndefined, z.string().optional()),
  API_DOCS_PUBLIC: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** Requests per minute per client address; 0 turns rate limiting off. */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(1200),
  /** Most map-reduce batches one request may create. */
  MAX_BATCHES_PER_REQUEST: positiveInt(10_000_000).default(100_000),
  /**
   * A task queue's poller counts as alive when it polled this recently. The embedded dev server
   * makes idle workers re-poll every 4 s, so 8 s there; a cluster's default is once a minute.
   */
  HEALTH_POLLER_FRESH_MS: z.preprocess(emptyAsUndefined, positiveInt(3_600_000).optional()),
  /** Deadline of the API's calls to Temporal (health uses 3 s). */
  TEMPORAL_CALL_TIMEOUT_MS: positiveInt(120_000).default(5_000),
  TEMPORAL_ADDRESS: z
    .string()
    .regex(/^[^\s:]+:\d+$/, 'expected host:port')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_DEV_SERVER_PORT: port.default(7233),
  TEMPORAL_DEV_UI_PORT: port.default(8233),
  TEMPORAL_DB_FILE: z.string().min(1).default('.data/temporal.sqlite'),
  TEMPORAL_UI_URL: z.url().optional(),
  TASK_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-zA-Z0-9][a-zA-Z0-9._-]*$/, 'letters, digits, ".", "_" and "-" only')
    .default(DEFAULT_TASK_QUEUE_PREFIX),
  WORKFLOW_WORKER_CONCURRENCY: positiveInt(2000).default(100),
  CPU_WORKER_CONCURRENCY: positiveInt(2000).default(200),
  DATA_DIR: z.string().min(1).default('.data/inputs'),
  LLM_MODELS: z.string().min(1).default(DEFAULT_MODELS),
  LLM_WORKER_MODELS: z.string().optional(),
  // An embedding-only model (name=source) for research indexes, question vectors and llm.embed;
  // "none": embeddings come from the chat models. Unset: the bundled MiniLM when it is installed.
  LLM_EMBEDDING_MODEL: z.string().optional(),
  LLM_SEQUENCES: positiveInt(256).optional(),
  LLM_CONTEXT_SIZE: z.coerce.number().int().min(256).max(131072).default(1024),
  LLM_THREADS: positiveInt(1024).optional(),
  LLM_GPU: z.enum(['auto', 'cuda', 'metal', 'vulkan', 'false']).default('auto'),
  // A call reuses the evaluated tokens a free sequence shares with its prompt; off: every call
  // evaluates its whole prompt (for side-by-side benchmarks and diagnosis).
  LLM_PREFIX_REUSE: z.enum(['on', 'off']).default('on'),
  // How much more prompt throughput two sequences evaluating together get than one (default:
  // 1 on a CPU, measured; 2 on a GPU): whether a call waits for another's prefix (prefix-cost.ts).
  LLM_PARALLEL_EVAL_GAIN: z.coerce.number().min(1).max(64).optional(),
  // Deterministic model calls (temperature 0 or a seed) answered from a cache under DATA_DIR:
  // "use" for every such call, "off" (default) only for calls that ask ({ "cache": "use" }).
  LLM_CACHE: z.enum(['use', 'off']).default('off'),
  LLM_CACHE_MAX_MB: z.coerce.number().int().min(1).max(1_000_000).default(512),
  LLM_CACHE_TTL_HOURS: z.coerce.number().min(0.001).max(87_600).default(168),
  /** Keep the result cache in PostgreSQL (shared by every worker) instead of files under DATA_DIR. */
  LLM_CACHE_DATABASE_URL: z.preprocess(
    emptyAsUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/, 'a PostgreSQL URL: postgres://user@host:port/database')
      .optional(),
  ),
  // Agents' tools: MCP servers (a JSON array or a file holding one, see config/mcp-servers.ts) and
  // the hosts http.fetch may reach (comma-separated; unset: http.fetch is off).
  MCP_SERVERS: z.string().optional(),
  TOOLS_HTTP_ALLOW: z.string().optional(),
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(10_000),
  // A worker process serves Prometheus metrics on METRICS_PORT (unset: none). `npm start` gives
  // its workers METRICS_BASE_PORT, +1 and +2 (0: none).
  METRICS_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  METRICS_BASE_PORT: z.coerce.number().int().min(0).max(65_533).default(9464),
  METRICS_HOST: z.string().min(1).default('127.0.0.1'),
  // Traces go to this OTLP/HTTP endpoint (the standard OpenTelemetry variable); unset: tracing off.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.preprocess(emptyAsUndefined, z.url().optional()),
  OTEL_SERVICE_NAME: z.preprocess(emptyAsUndefined, z.string().min(1).max(200).optional()),
  LOG_FORMAT: z.enum(['text', 'json']).default('text'),
  LOG_LEVEL: z
    .preprocess(
      (v) => (typeof v === 'string' ? v.toLowerCase() : v),
      z.enum(['trace', 'debug', 'info', 'warn', 'error']),
    )
    .default('info'),
});

type Env = z.infer<typeof envSchema>;
export type LogLevelName = 'trace' | 'debug' | 'info' | 'warn' | 'error';

export interface ModelSource {
  name: string;
  /** Absolute GGUF path, or an `hf:` / `https:` URI resolved by node-llama-cpp. */
  source: string;
}

export interface AppConfig {
  temporal: {
    /** True when no TEMPORAL_ADDRESS is given: `npm start` runs a local dev server. */
    embedded: boolean;
    address: string;
    namespace: string;
    connect: ClientConnectConfig;
    devServerPort: number;
    uiPort: number;
    dbFile: string;
    /** Base URL of the Web UI, for deep links. */
    uiUrl: string | undefined;
  };
  taskQueuePrefix: string;
  apiPort: number;
  api: {
    host: string;
    /** Accepted bearer keys and their names (who decided an approval); empty: no authentication. */
    keys: ApiKey[];
    docsPublic: boolean;
    rateLimitPerMinute: number;
    maxBatchesPerRequest: number;
    temporalCallTimeoutMs: number;
    pollerFreshMs: number;
  };
  workflowWorkerConcurrency: number;
  cpuWorkerConcurrency: number;
  dataDir: string;
  shutdownGraceMs: number;
  tools: {
    mcpServers: McpServerConfig[];
    /** Hosts http.fetch may GET from; empty: the tool is off. */
    httpAllow: string[];
  };
  /** Where this worker process serves Prometheus metrics; undefined: not at all. */
  metrics: { host: string; port: number | undefined; basePort: number };
  /** OTLP/HTTP trace export (off when no endpoint is set) and the service name of this process. */
  tracing: { endpoint: string | undefined; serviceName: string | undefined };
  log: { format: 'text' | 'json'; level: LogLevelName };
  llm: {
    models: ModelSource[];
    /**
     * An embedding-only model (a BERT-like encoder): it serves llm.embed, llm.consensus and
     * research.embedShard, never generation. Undefined: the chat models embed.
     */
    embeddingModel: ModelSource | undefined;
    /** Models this GPU worker process loads (defaults to all configured, the embedding model too). */
    workerModels: string[];
    sequences: number | undefined;
    contextSize: number;
    threads: number;
    gpu: 'auto' | 'cuda' | 'metal' | 'vulkan' | false;
    /** Calls reuse the evaluated prompt prefix a free sequence holds (LLM_PREFIX_REUSE). */
    prefixReuse: boolean;
    /** LLM_PARALLEL_EVAL_GAIN; undefined: by backend. */
    parallelEvalGain: number | undefined;
    /** The result cache: on for every deterministic call, or only for those that ask. */
    cache: { byDefault: boolean; maxBytes: number; ttlMs: number; databaseUrl: string | undefined };
  };
}

function parseModel(entry: string, variable: string): ModelSource {
  const eq = entry.indexOf('=');
  const name = eq > 0 ? entry.slice(0, eq).trim() : '';
  const source = eq > 0 ? entry.slice(eq + 1).trim() : '';
  if (!modelName.test(name) || !source) {
    throw new ConfigError(
      `${variable}: "${entry}" is not name=source (name: lower-case letters, digits, ".", "_", "-"; source: a GGUF path or hf: URI)`,
    );
  }
  const isUri = /^(hf:|https?:)/.test(source);
  return { name, source: isUri ? source : fromRoot(source) };
}

function parseModels(spec: string): ModelSource[] {
  const models = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => parseModel(entry, 'LLM_MODELS'));
  const names = models.map((m) => m.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup) throw new ConfigError(`LLM_MODELS: model "${dup}" is listed twice`);
  return models;
}

type ServedModels = Pick<AppConfig['llm'], 'models' | 'embeddingModel'>;

/** Every model a deployment serves, chat models first, each with its kind. */
export function servedModelList(llm: ServedModels): Array<ModelSource & { kind: 'chat' | 'embedding' }> {
  return [
    ...llm.models.map((m) => ({ ...m, kind: 'chat' as const })),
    ...(llm.embeddingModel ? [{ ...llm.embeddingModel, kind: 'embedding' as const }] : []),
  ];
}

/** The names of a deployment's chat models and of its embedding model, as admission checks them. */
export function modelNamesByKind(llm: ServedModels): { chat: string[]; embedding: string[] } {
  return {
    chat: llm.models.map((m) => m.name),
    embedding: llm.embeddingModel ? [llm.embeddingModel.name] : [],
  };
}

/**
 * LLM_EMBEDDING_MODEL: name=source, or "none". Unset means the bundled MiniLM when its file is
 * there (a set-up with SKIP_MODEL_SETUP=1 has none, and its chat models embed as before).
 */
function parseEmbeddingModel(value: string | undefined, models: ModelSource[]): ModelSource | undefined {
  if (value?.trim() === 'none') return undefined;
  const model = parseModel(value?.trim() || DEFAULT_EMBEDDING_MODEL, 'LLM_EMBEDDING_MODEL');
  // Unset: only when installed, and never in the way of a chat model of the same name.
  if (value === undefined && (!existsSync(model.source) || models.some((m) => m.name === model.name)))
    return undefined;
  if (models.some((m) => m.name === model.name))
    throw new ConfigError(
      `LLM_EMBEDDING_MODEL: "${model.name}" is also a chat model in LLM_MODELS; name it apart`,
    );
  return model;
}

export interface ApiKey {
  name: string;
  key: string;
}

/**
 * API_KEYS: comma-separated keys, each "name:key" or just "key" (named key-1, key-2, … by
 * position). The name says who made a decision (approvals) and never travels as a secret.
 */
export function parseApiKeys(value: string): ApiKey[] {
  return value
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean)
    .map((entry, i) => {
      const named = /^([A-Za-z0-9_.-]{1,64}):(.+)$/.exec(entry);
      return named ? { name: named[1]!, key: named[2]! } : { name: `key-${i + 1}`, key: entry };
    });
}

export function loadConfig(source: NodeJS.ProcessEnv = process.env): AppConfig {
  const raw = Object.fromEntries(Object.entries(source).map(([k, v]) => [k, emptyAsUndefined(v)]));
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}=${String(raw[String(i.path[0])])}: ${i.message}`,
    );
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const env: Env = parsed.data;
  const embedded = env.TEMPORAL_ADDRESS === undefined;
  const address = env.TEMPORAL_ADDRESS ?? `127.0.0.1:${env.TEMPORAL_DEV_SERVER_PORT}`;
  let connect: ClientConnectConfig;
  try {
    // Temporal's own conventions: TEMPORAL_API_KEY, TEMPORAL_TLS_*, TEMPORAL_PROFILE, config file.
    connect = loadClientConnectConfig({
      overrideEnvVars: {
        ...stringEnv(source),
        TEMPORAL_ADDRESS: address,
        TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
      },
    });
  } catch (err) {
    throw new ConfigError(`Temporal client configuration (TEMPORAL_* variables): ${(err as Error).message}`);
  }
  let mcpServers: McpServerConfig[];
  try {
    mcpServers = parseMcpServers(env.MCP_SERVERS);
  } catch (err) {
    throw new ConfigError((err as Error).message);
  }
  const models = parseModels(env.LLM_MODELS);
  const embeddingModel = parseEmbeddingModel(env.LLM_EMBEDDING_MODEL, models);
  const served = servedModelList({ models, embeddingModel });
  const workerModels = env.LLM_WORKER_MODELS
    ? env.LLM_WORKER_MODELS.split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : served.map((m) => m.name);
  const unknown = workerModels.find((n) => !served.some((m) => m.name === n));
  if (unknown)
    throw new ConfigError(
      `LLM_WORKER_MODELS: "${unknown}" is not a model named in LLM_MODELS or LLM_EMBEDDING_MODEL`,
    );

  return {
    temporal: {
      embedded,
      address,
      namespace: env.TEMPORAL_NAMESPACE,
      connect,
      devServerPort: env.TEMPORAL_DEV_SERVER_PORT,
      uiPort: env.TEMPORAL_DEV_UI_PORT,
      dbFile: fromRoot(env.TEMPORAL_DB_FILE),
      uiUrl: env.TEMPORAL_UI_URL ?? (embedded ? `http://localhost:${env.TEMPORAL_DEV_UI_PORT}` : undefined),
    },
    taskQueuePrefix: env.TASK_QUEUE_PREFIX,
    apiPort: env.PORT,
    api: {
      host: env.API_HOST,
      keys: parseApiKeys(env.API_KEYS ?? ''),
      docsPublic: env.API_DOCS_PUBLIC,
      rateLimitPerMinute: env.RATE_LIMIT_PER_MINUTE,
      maxBatchesPerRequest: env.MAX_BATCHES_PER_REQUEST,
      temporalCallTimeoutMs: env.TEMPORAL_CALL_TIMEOUT_MS,
      pollerFreshMs: env.HEALTH_POLLER_FRESH_MS ?? (embedded ? 8_000 : 90_000),
    },
    workflowWorkerConcurrency: env.WORKFLOW_WORKER_CONCURRENCY,
    cpuWorkerConcurrency: env.CPU_WORKER_CONCURRENCY,
    dataDir: fromRoot(env.DATA_DIR),
    shutdownGraceMs: env.SHUTDOWN_GRACE_MS,
    tools: {
      mcpServers,
      httpAllow: (env.TOOLS_HTTP_ALLOW ?? '')
        .split(',')
        .map((h) => h.trim().toLowerCase())
        .filter(Boolean),
    },
    metrics: { host: env.METRICS_HOST, port: env.METRICS_PORT, basePort: env.METRICS_BASE_PORT },
    tracing: { endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME },
    log: { format: env.LOG_FORMAT, level: env.LOG_LEVEL },
    llm: {
      models,
      embeddingModel,
      workerModels,
      sequences: env.LLM_SEQUENCES,
      contextSize: env.LLM_CONTEXT_SIZE,
      // llama.cpp's default (at least 4) oversubscribes small machines badly: use the real cores.
      threads: env.LLM_THREADS ?? availableParallelism(),
      gpu: env.LLM_GPU === 'false' ? false : env.LLM_GPU,
      prefixReuse: env.LLM_PREFIX_REUSE === 'on',
      parallelEvalGain: env.LLM_PARALLEL_EVAL_GAIN,
      cache: {
        byDefault: env.LLM_CACHE === 'use',
        maxBytes: env.LLM_CACHE_MAX_MB * 2 ** 20,
        ttlMs: env.LLM_CACHE_TTL_HOURS * 3_600_000,
        databaseUrl: env.LLM_CACHE_DATABASE_URL,
      },
    },
  };
}

function stringEnv(source: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(source).filter((e): e is [string, string] => e[1] !== undefined));
}

/** For entry points: load or exit with the message. */
export function loadConfigOrExit(processName: string): AppConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`[${processName}] ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
}
