import type { MetricMeter } from '@temporalio/common';
import type { EmbeddingModelHostOptions } from '../activities/llm/embedding-model-host.js';
import type { ModelHostOptions } from '../activities/llm/model-host.js';
import type { AppConfig, ModelSource } from '../config/app-config.js';
import { fromRoot } from '../config/project-root.js';

// How a deployment's settings load a model: the GPU worker and the benchmarks that measure what
// it serves build their hosts from here, so they load what users get.

export function chatHostOptions(
  config: AppConfig,
  model: ModelSource,
  meter?: MetricMeter,
): ModelHostOptions {
  return {
    name: model.name,
    source: model.source,
    downloadDir: fromRoot('models'),
    sequences: config.llm.sequences,
    contextSize: config.llm.contextSize,
    threads: config.llm.threads,
    prefixReuse: config.llm.prefixReuse,
    ...(config.llm.parallelEvalGain ? { parallelEvalGain: config.llm.parallelEvalGain } : {}),
    ...(meter ? { meter } : {}),
  };
}

export function embeddingHostOptions(config: AppConfig, model: ModelSource): EmbeddingModelHostOptions {
  return {
    name: model.name,
    source: model.source,
    downloadDir: fromRoot('models'),
    threads: config.llm.threads,
  };
}
