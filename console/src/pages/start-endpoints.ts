import type { OpenApiDocument, OpenApiOperation } from '../api/client';

export interface StartEndpoint {
  path: string;
  summary: string;
  group: string;
  schema: Record<string, unknown>;
  example: unknown;
  /** Takes ?priority=&fairnessKey=&fairnessWeight=. */
  scheduling: boolean;
}

/**
 * Every endpoint that starts a run, from the OpenAPI document: a POST with a JSON body that
 * answers 201. Its body schema is the one the API validates with (the same zod schema).
 */
export function startEndpoints(doc: OpenApiDocument): StartEndpoint[] {
  const out: StartEndpoint[] = [];
  for (const [path, ops] of Object.entries(doc.paths)) {
    const op: OpenApiOperation | undefined = ops.post;
    if (!op || path.includes('{') || !op.responses?.['201']) continue;
    const body = op.requestBody?.content?.['application/json'];
    if (!body?.schema) continue;
    const schema = body.schema;
    out.push({
      path,
      summary: op.summary ?? '',
      group: path.startsWith('/pipelines') ? 'Pipelines' : path.startsWith('/agents') ? 'Agents' : 'Patterns',
      // The components travel with the schema, so its $refs resolve inside the form.
      schema: { ...schema, components: doc.components ?? {} },
      example: body.example ?? (schema as { example?: unknown }).example ?? {},
      scheduling: (op.parameters ?? []).some((p) => p.in === 'query' && p.name === 'priority'),
    });
  }
  const order = ['Patterns', 'Pipelines', 'Agents'];
  return out.sort((a, b) => order.indexOf(a.group) - order.indexOf(b.group) || a.path.localeCompare(b.path));
}
