// The reference part of each pipeline's page in docs/pipelines/, rendered from its descriptor:
// the request body's fields, the example as a curl command, the result's fields and the progress
// stages. `npm run docs` writes it; the docs test fails when a page's copy is out of date.
import { z } from 'zod';
import type { PipelineDescriptor } from '../../workflows/pipelines/pipeline-descriptor.js';
import { workflowTypeOf } from '../../workflows/pipelines/pipeline-descriptor.js';

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  description?: string;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
};

/** A short type: `integer 1–8`, `array of string`, `"a" | "b"`, `object`. */
function typeText(s: JsonSchema): string {
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' \\| ');
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.anyOf) return [...new Set(s.anyOf.map(typeText))].join(' \\| ');
  const type = Array.isArray(s.type) ? s.type.join(' \\| ') : (s.type ?? 'any');
  if (type === 'array') return `array of ${s.items ? typeText(s.items) : 'any'}`;
  if ((type === 'integer' || type === 'number') && (s.minimum !== undefined || s.maximum !== undefined))
    return `${type} ${s.minimum ?? ''}–${s.maximum ?? ''}`;
  if (type === 'string' && s.maxLength !== undefined) return `string ≤ ${s.maxLength}`;
  return type;
}

const cell = (text: string | undefined) => (text ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

function fieldTable(schema: z.ZodType, io: 'input' | 'output'): string[] {
  const json = z.toJSONSchema(schema, { unrepresentable: 'any', io }) as JsonSchema;
  const required = new Set(json.required ?? []);
  const rows = Object.entries(json.properties ?? {}).map(
    ([name, s]) =>
      `| \`${name}\` | ${typeText(s)} | ${required.has(name) ? 'yes' : ''} | ${cell(s.description)} |`,
  );
  return [
    `| field | type | ${io === 'input' ? 'required' : 'always'} | meaning |`,
    '| --- | --- | --- | --- |',
    ...rows,
  ];
}

/** The page a pipeline's reference goes on: its route's first segment. */
export const pageOf = (d: PipelineDescriptor) => d.route.split('/')[0]!;

/** `base`: where the descriptor's route is served (`pipelines`, or `agents` for POST /agents/run). */
export function pipelineReference(d: PipelineDescriptor, base = 'pipelines'): string {
  const body = JSON.stringify(d.example);
  return [
    `### \`POST /${base}/${d.route}\``,
    '',
    `${d.summary}. Workflow type \`${workflowTypeOf(d)}\`; runs are named \`${d.idPrefix}-<uuid>\`. ${d.description ?? ''}`.trim(),
    '',
    `Progress stages: ${d.stages.map((s) => `\`${s}\``).join(' → ')}.`,
    '',
    '**Request body**',
    '',
    ...fieldTable(d.body, 'input'),
    '',
    '**Example** (the OpenAPI example, which runs on a fresh install)',
    '',
    '```bash',
    `curl -s -X POST localhost:3000/${base}/${d.route} -H 'content-type: application/json' \\`,
    `  -d '${body.replace(/'/g, "'\\''")}'`,
    '```',
    '',
    '**Result** (`GET /workflows/{id}/result` → `result`)',
    '',
    ...fieldTable(d.output, 'output'),
  ].join('\n');
}
