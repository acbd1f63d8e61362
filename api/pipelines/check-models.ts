import { BadRequestException } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { unknownModel } from '../../workflows/contracts/patterns/spec-schema.js';

/** A 400 naming the field when a body names a model this deployment does not serve. */
export function checkModels(config: AppConfig, fields: Array<[string, string | undefined]>): void {
  const known = config.llm.models.map((m) => m.name);
  const problems = fields.flatMap(([path, name]) => {
    const problem = name === undefined ? undefined : unknownModel(name, known);
    return problem ? [`${path}: ${problem}`] : [];
  });
  if (problems.length > 0) throw new BadRequestException(problems);
}
