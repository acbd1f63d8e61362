import type { ApiBody } from '@nestjs/swagger';
import { z } from 'zod';

type SchemaObject = Extract<Parameters<typeof ApiBody>[0], { schema: unknown }>['schema'];

/**
 * Parts of recursive schemas (a nested pattern spec), which a schema can only reach by `$ref`:
 * create-app puts them under the document's `components.schemas`, where those refs point.
 */
const components: Record<string, SchemaObject> = {};

export function openApiComponents(): Readonly<Record<string, SchemaObject>> {
  return components;
}

/** Points zod's local `#/definitions/<key>` refs at `#/components/schemas/<name>_<key>`. */
function hoisted(value: unknown, name: string): unknown {
  if (Array.isArray(value)) return value.map((v) => hoisted(v, name));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')
        ? `#/components/schemas/${name}_${v.slice('#/definitions/'.length).replace(/^__schema/, '')}`
        : hoisted(v, name),
    ]),
  );
}

/**
 * A schema shown in Swagger, generated from the zod schema that validates a request (input) or
 * types a result (output). `name` prefixes the components a recursive schema needs.
 */
export function openApiSchema(
  schema: z.ZodType,
  io: 'input' | 'output' = 'input',
  name = 'Schema',
): SchemaObject {
  // OpenAPI 3.0 (what Nest's document declares): literals as one-value enums, nullable flags.
  const {
    $schema: _ignored,
    definitions,
    ...json
  } = z.toJSONSchema(schema, {
    unrepresentable: 'any',
    io,
    target: 'openapi-3.0',
  }) as Record<string, unknown>;
  if (definitions === undefined) return json;
  for (const [key, part] of Object.entries(definitions as Record<string, unknown>))
    components[`${name}_${key.replace(/^__schema/, '')}`] = hoisted(part, name) as SchemaObject;
  return hoisted(json, name) as SchemaObject;
}

/** A request body for `@ApiBody`: generated from the schema that checks it, with an example. */
export function bodyWithExample(schema: z.ZodType, example: object, name?: string): { schema: SchemaObject } {
  return { schema: { ...openApiSchema(schema, 'input', name), example } };
}
