import { BadRequestException } from '@nestjs/common';
import { modelNamesByKind } from '../../config/app-config.js';
import type { AppConfig } from '../../config/app-config.js';
import { modelForUse } from '../../workflows/contracts/patterns/spec-schema.js';

/**
 * A 400 naming the field when a body names a model this deployment does not serve, or an
 * embedding model where a chat model is needed. `embeds`: fields that only embed (llm.embed,
 * research's embedModel) also take the embedding model.
 */
export function checkModels(
  config: AppConfig,
  fields: Array<[string, string | undefined]>,
  embeds: (path: string) => boolean = () => false,
): void {
  const { chat, embedding } = modelNamesByKind(config.llm);
  const problems = fields.flatMap(([path, name]) => {
    const problem = name === undefined ? undefined : modelForUse(name, chat, embedding, embeds(path));
    return problem ? [`${path}: ${problem}`] : [];
  });
  if (problems.length > 0) throw new BadRequestException(problems);
}
