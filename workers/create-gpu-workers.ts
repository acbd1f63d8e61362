import { Runtime, Worker } from '@temporalio/worker';
import { workerTracingOptions } from './worker-tracing.js';
import type { NativeConnection } from '@temporalio/worker';
import type { Llama } from 'node-llama-cpp';
import { createLlmActivities } from '../activities/create-llm-activities.js';
import { PgResultCache } from '../activities/llm/pg-result-cache.js';
import { ResultCache } from '../activities/llm/result-cache.js';
import { describeLlama, loadLlama } from '../activities/llm/load-llama.js';
import { ModelHost } from '../activities/llm/model-host.js';
import { EmbeddingModelHost } from '../activities/llm/embedding-model-host.js';
import type { AppConfig } from '../config/app-config.js';
import { chatHostOptions, embeddingHostOptions } from './model-host-options.js';
import { BATCH_ACTIVITY, llmTaskQueue } from '../workflows/contracts/index.js';
import { createBatchActivity } from '../activities/batch/create-batch-activity.js';
import { CrashGuard } from '../activities/llm/crash-guard.js';
import { failCallsOnEscape } from '../activities/llm/escape-handler.js';
import { join } from 'node:path';

export interface GpuWorkers {
  llama: Llama;
  hosts: Map<string, ModelHost>;
  embedders: Map<string, EmbeddingModelHost>;
  workers: Worker[];
  dispose(): Promise<void>;
}

/**
 * Loads each model this process serves once, before any polling starts, then creates one
 * worker per model queue whose activity concurrency equals the model's sequence count: every
 * activity it accepts gets a sequence right away and decodes in the shared batch.
 */
export async function createGpuWorkers(
  connection: NativeConnection,
  config: AppConfig,
  log: (line: string) => void = console.log,
): Promise<GpuWorkers> {
  const llama = await loadLlama({ gpu: config.llm.gpu, threads: config.llm.threads });
  log(`llama.cpp ${await describeLlama(llama)}`);
  const hosts = new Map<string, ModelHost>();
  const embedders = new Map<string, EmbeddingModelHost>();
  const embedding = config.llm.embeddingModel;
  if (embedding && config.llm.workerModels.includes(embedding.name)) {
    const host = await EmbeddingModelHost.load(llama, embeddingHostOptions(config, embedding));
    embedders.set(embedding.name, host);
    log(`loaded ${host.describe()}`);
  }
  for (const name of config.llm.workerModels) {
    if (embedders.has(name)) continue;
    const model = config.llm.models.find((m) => m.name === name)!;
    const host = await ModelHost.load(llama, chatHostOptions(config, model, Runtime.instance().metricMeter));
    hosts.set(name, host);
    log(`loaded ${host.describe()} rssMiB=${Math.round(process.memoryUsage().rss / 2 ** 20)}`);
  }
  let cacheQuietUntil = 0;
  const llm = createLlmActivities({
    hosts,
    embedders,
    dataDir: config.dataDir,
    cache: {
      store: config.llm.cache.databaseUrl
        ? new PgResultCache({
            url: config.llm.cache.databaseUrl,
            maxBytes: config.llm.cache.maxBytes,
            ttlMs: config.llm.cache.ttlMs,
            onError: (err) => {
              // Once a minute at most: every call would say it while the database is away.
              if (Date.now() < cacheQuietUntil) return;
              cacheQuietUntil = Date.now() + 60_000;
              log(`result cache (PostgreSQL) unavailable, calls go uncached: ${err.message}`);
            },
          })
        : new ResultCache({
            dir: join(config.dataDir, '.llm-cache'),
            maxBytes: config.llm.cache.maxBytes,
            ttlMs: config.llm.cache.ttlMs,
          }),
      byDefault: config.llm.cache.byDefault,
    },
  });
  const stopEscapeHandling = failCallsOnEscape(hosts.values(), log);
  const guard = new CrashGuard(join(config.dataDir, '.crash-guard'));
  const guarded = <T extends Record<string, (input: never) => Promise<unknown>>>(activities: T): T =>
    Object.fromEntries(Object.entries(activities).map(([name, fn]) => [name, guard.wrap(name, fn)])) as T;
  const workers = await Promise.all(
    [...hosts.values(), ...embedders.values()].map((host) =>
      Worker.create({
        connection,
        namespace: config.temporal.namespace,
        taskQueue: llmTaskQueue(config.taskQueuePrefix, host.name),
        activities: guarded({
          ...llm,
          // Map-reduce batches whose mapper is an llm.* activity run here, items decoded together.
          [BATCH_ACTIVITY]: createBatchActivity({
            mappers: llm,
            dataDir: config.dataDir,
            itemConcurrency: host.sequences,
          }),
        }),
        ...workerTracingOptions('activity'),
        maxConcurrentActivityTaskExecutions: host.sequences,
        // Cancellations reach an activity on its heartbeat: flush often so generation stops fast.
        maxHeartbeatThrottleInterval: '300ms',
        defaultHeartbeatThrottleInterval: '300ms',
        shutdownGraceTime: config.shutdownGraceMs,
      }),
    ),
  );
  return {
    llama,
    hosts,
    embedders,
    workers,
    async dispose() {
      stopEscapeHandling();
      for (const host of [...hosts.values(), ...embedders.values()]) await host.dispose();
      await llama.dispose();
    },
  };
}
