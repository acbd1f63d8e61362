import type { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';

type SchemaObject = Extract<Parameters<typeof ApiBody>[0], { schema: unknown }>['schema'];

/** A schema shown in Swagger, generated from the zod schema that validates a request (input) or types a result (output). */
export function openApiSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): SchemaObject {
  // OpenAPI 3.0 (what Nest's document declares): literals as one-value enums, nullable flags.
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
    unrepresentable: 'any',
    io,
    target: 'openapi-3.0',
  }) as Record<string, unknown>;
  return json;
}

/** A request body for `@ApiBody`: generated from the schema that checks it, with an example. */
export function bodyWithExample(schema: z.ZodType, example: object): { schema: SchemaObject } {
  return { schema: { ...openApiSchema(schema), example } };
}
