import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { WorkflowHandle } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../api/create-app.js';
import { loadConfig } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { temporalCliPath } from '../config/binaries.js';
import { DEV_SERVER_DYNAMIC_CONFIG, DEV_SERVER_SQLITE_PRAGMAS } from '../scripts/lib/dev-server.js';
import { createCpuWorker } from '../workers/create-cpu-worker.js';
import { createToolsWorker } from '../workers/create-tools-worker.js';
import { createGpuWorkers } from '../workers/create-gpu-workers.js';
import type { GpuWorkers } from '../workers/create-gpu-workers.js';
import { createWorkflowWorker } from '../workers/create-workflow-worker.js';
import { installWorkerLogging } from '../workers/runtime-logging.js';
import { startTracing } from '../telemetry/tracing.js';
import {
  BATCH_ACTIVITY,
  CUSTOM_SEARCH_ATTRIBUTES,
  llmTaskQueue,
  routingMemo,
  taskQueueNames,
} from '../workflows/contracts/index.js';
import { createBatchActivity } from '../activities/batch/create-batch-activity.js';
import { createScriptedLlmActivities } from './scripted-llm-activities.js';
import type { LlmScript } from './scripted-llm-activities.js';

installWorkerLogging();

/** A real Temporal dev server (the installed CLI binary) on free ports, private to its caller. */
export async function startDevServer(
  dbFile?: string,
  serverArgs: string[] = [],
): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: temporalCliPath() },
      ip: '127.0.0.1',
      ui: false,
      // In memory, unless a SQLite file is asked for (then with npm start's settings).
      ...(dbFile ? { dbFilename: dbFile } : {}),
      extraArgs: [
        '--log-level',
        'error',
        ...DEV_SERVER_DYNAMIC_CONFIG,
        ...(dbFile ? DEV_SERVER_SQLITE_PRAGMAS : []),
        ...serverArgs,
      ],
      searchAttributes: Object.entries(CUSTOM_SEARCH_ATTRIBUTES).map(([name, type]) =>
        defineSearchAttributeKey(
          name,
          type === 'KeywordList' ? SearchAttributeType.KEYWORD_LIST : SearchAttributeType.KEYWORD,
        ),
      ),
    },
  });
}

export interface StackOptions {
  /** Start the CPU activity worker (default true). */
  cpu?: boolean;
  /** Start the tools worker (built-in tools, MCP servers); default: as `cpu`. */
  tools?: boolean;
  /** Load these models in a GPU worker (with the deployment's embedding model, when it has one). */
  models?: string[];
  /**
   * Serve these models' queues from a script instead (no model is loaded): fast tests of workflow
   * logic. Give a function to change the script between tests of one stack.
   */
  scripted?: { models: string[]; script: LlmScript | (() => LlmScript) };
  /** Serve the HTTP API on a free port. */
  api?: boolean;
  env?: Record<string, string>;
  /** Keep history in this SQLite file, as `npm start` does (default: in memory). */
  dbFile?: string;
  /** More `temporal server start-dev` arguments (benchmark experiments). */
  serverArgs?: string[];
}

export interface Stack {
  env: TestWorkflowEnvironment;
  config: AppConfig;
  queues: ReturnType<typeof taskQueueNames>;
  baseUrl: string;
  gpu: GpuWorkers | undefined;
  cpuWorker: Worker | undefined;
  /**
   * Starts a workflow on this stack's queues. Given the workflow function (from
   * `workflows/index.ts`), its input and `handle.result()` are typed by it; given a type name, they
   * are not (a type this build does not know, or a test of admission).
   */
  start<W extends Workflow>(workflow: W, input: Parameters<W>[0], id?: string): Promise<WorkflowHandle<W>>;
  start(type: string, input: unknown, id?: string): Promise<WorkflowHandle>;
  /** Stops the workers and the dev server, leaving the API up (to test an outage). */
  stopTemporal(): Promise<void>;
  /**
   * Shuts the workflow worker down and starts a new one, as a crashed and restarted worker
   * process would be: runs in flight continue from their histories.
   */
  restartWorkflowWorker(): Promise<void>;
  teardown(): Promise<void>;
}

/** One worker per scripted model's queue, with the scripted activities and the batch activity. */
async function scriptedModelWorkers(
  env: TestWorkflowEnvironment,
  config: AppConfig,
  scripted: NonNullable<StackOptions['scripted']>,
): Promise<Worker[]> {
  const llm = createScriptedLlmActivities(scripted.script, config.dataDir);
  return Promise.all(
    scripted.models.map((model) =>
      Worker.create({
        connection: env.nativeConnection,
        namespace: config.temporal.namespace,
        taskQueue: llmTaskQueue(config.taskQueuePrefix, model),
        activities: {
          ...llm,
          [BATCH_ACTIVITY]: createBatchActivity({
            mappers: llm,
            dataDir: config.dataDir,
            itemConcurrency: 4,
          }),
        },
        maxConcurrentActivityTaskExecutions: config.llm.sequences,
        maxHeartbeatThrottleInterval: '300ms',
        defaultHeartbeatThrottleInterval: '300ms',
        shutdownGraceTime: config.shutdownGraceMs,
      }),
    ),
  );
}

interface RunningWorker {
  worker: Worker;
  done: Promise<void>;
}

function run(worker: Worker): RunningWorker {
  return { worker, done: worker.run() };
}

/**
 * The whole system in one process: a dev server, the workflow worker, the CPU worker, optionally a
 * GPU worker with real models and the real Nest API. Each stack uses its own task-queue prefix, so
 * several can share a machine. Tests, the history recorder, the fuzzer and the benchmarks start
 * it; `npm start` runs the same parts as separate processes instead (scripts/start.ts).
 */
export async function startStack(options: StackOptions = {}): Promise<Stack> {
  const env = await startDevServer(options.dbFile, options.serverArgs);
  const base = {
    ...process.env,
    TEMPORAL_ADDRESS: env.address,
    TASK_QUEUE_PREFIX: `test-${randomUUID().slice(0, 8)}`,
    SHUTDOWN_GRACE_MS: '2000',
    LLM_SEQUENCES: '4',
    ...options.env,
  };
  // The models asked for, and the embedding model the deployment has (as every GPU worker serves
  // it by default), so its queue is served and /health stays green.
  const embedding = options.models ? loadConfig(base).llm.embeddingModel?.name : undefined;
  const workerModels = options.models && [...new Set([...options.models, ...(embedding ? [embedding] : [])])];
  const config = loadConfig({
    ...base,
    ...(workerModels ? { LLM_WORKER_MODELS: workerModels.join(',') } : {}),
    ...options.env,
  });
  // With OTEL_EXPORTER_OTLP_ENDPOINT in the stack's env, everything here traces (one process).
  const tracing = startTracing(config, 'parallel-ai-test');
  let workflows = run(await createWorkflowWorker(env.nativeConnection, config));
  const running: RunningWorker[] = [workflows];
  const cpuWorker = options.cpu === false ? undefined : await createCpuWorker(env.nativeConnection, config);
  if (cpuWorker) running.push(run(cpuWorker));
  // The tools queue is served beside the CPU queue, as the CPU worker process does.
  const tools =
    (options.tools ?? options.cpu !== false)
      ? await createToolsWorker(env.nativeConnection, config)
      : undefined;
  if (tools) running.push(run(tools.worker));
  if (options.scripted) running.push(...(await scriptedModelWorkers(env, config, options.scripted)).map(run));
  let gpu: GpuWorkers | undefined;
  if (options.models?.length) {
    gpu = await createGpuWorkers(env.nativeConnection, config, () => undefined);
    running.push(...gpu.workers.map(run));
  }
  let app: NestFastifyApplication | undefined;
  let baseUrl = '';
  if (options.api) {
    app = await createApp(config, false);
    await app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
  }
  let stopped: Promise<void> | undefined;
  /** Stops the workers and the dev server (the API, if any, keeps running). */
  const stopTemporal = () =>
    (stopped ??= (async () => {
      for (const r of running) if (r.worker.getState() === 'RUNNING') r.worker.shutdown();
      await Promise.allSettled(running.map((r) => r.done));
      await tools?.close();
      await gpu?.dispose();
      await env.teardown();
      await tracing?.shutdown();
    })());
  return {
    env,
    config,
    queues: taskQueueNames(config.taskQueuePrefix),
    baseUrl,
    gpu,
    cpuWorker,
    start(workflow: Workflow | string, input: unknown, id?: string) {
      const type = typeof workflow === 'string' ? workflow : workflow.name;
      return env.client.workflow.start(type, {
        taskQueue: taskQueueNames(config.taskQueuePrefix).workflows,
        workflowId: id ?? `${type}-${randomUUID()}`,
        args: [input],
        memo: routingMemo(config.taskQueuePrefix),
      });
    },
    stopTemporal,
    async restartWorkflowWorker() {
      workflows.worker.shutdown();
      await workflows.done;
      running.splice(running.indexOf(workflows), 1);
      workflows = run(await createWorkflowWorker(env.nativeConnection, config));
      running.push(workflows);
    },
    async teardown() {
      await app?.close();
      await stopTemporal();
    },
  };
}
