// Body fields several pipelines share, defined once (API side: never bundled into workflows).
import { z } from 'zod';
import { LIVE_MODES } from '../contracts/index.js';
import { modelName } from '../../activities/llm/llm-input-schemas.js';
import { checkModels } from '../../api/pipelines/check-models.js';
import type { Deployment } from './pipeline-descriptor.js';

export const model = modelName;

export const liveStream = z
  .enum(LIVE_MODES)
  .optional()
  .describe(
    'Live events at GET /workflows/{id}/events: "events" (default) the steps of every branch; "tokens" also the text of every model call as it is generated',
  );

/** A run's choice about the result cache, passed to every model call it makes. */
export const cacheMode = z
  .enum(['use', 'skip'])
  .optional()
  .describe(
    '"use": deterministic model calls (temperature 0 or seeded) may be answered from the result cache, for reruns; "skip": never. Default: the deployment\'s LLM_CACHE',
  );

/** Trimmed, non-empty text of at most `max` characters. */
export const text = (max: number) => z.string().trim().min(1).max(max);

/** The model a body names, or the deployment's first configured model; a 400 when not served. */
export function modelOrDefault(deployment: Deployment, field: string, name: string | undefined): string {
  const chosen = name ?? firstModel(deployment);
  checkModels(deployment.config, [[field, chosen]]);
  return chosen;
}

/** The deployment's first configured model: what every pipeline defaults to. */
export function firstModel({ config }: Deployment): string {
  return config.llm.models[0]!.name;
}

/** The model embeddings default to: the embedding model (LLM_EMBEDDING_MODEL), else the first model. */
export function embeddingModelOf(deployment: Deployment): string {
  return deployment.config.llm.embeddingModel?.name ?? firstModel(deployment);
}

/**
 * A 400 naming each listed model this deployment does not serve; `embeds` names the fields that
 * only embed, which also take the embedding model.
 */
export function servedModels(
  deployment: Deployment,
  fields: Array<[string, string | undefined]>,
  embeds: readonly string[] = [],
): void {
  checkModels(deployment.config, fields, (path) => embeds.includes(path));
}
