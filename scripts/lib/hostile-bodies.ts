// Hostile request bodies generated from the API's own OpenAPI document: for every operation
// that takes a JSON body, each typed field given a value of another JSON type (top level and
// one level down, array elements included), and bodies nested at and past the depth limit.
// Used by the hostile-input test and by `npm run fuzz:api`.

export interface HostileRequest {
  what: string;
  method: string;
  /** With path parameters filled in. */
  path: string;
  body: unknown;
  /** The body as text instead (deeper than JSON.stringify can go). */
  raw?: string;
  /** A wrong-typed field: the 400's message must name it (its last segment). */
  field?: string;
  /** The answer may be a success (a body at, not past, a limit); it must still not be a 5xx. */
  mayPass?: boolean;
}

type Schema = {
  type?: string | string[];
  properties?: Record<string, Schema>;
  items?: Schema;
  example?: unknown;
  anyOf?: Schema[];
  oneOf?: Schema[];
  enum?: unknown[];
};

interface Operation {
  method: string;
  path: string;
  schema: Schema;
  example: Record<string, unknown>;
}

export type OpenApi = {
  paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: Schema }> } }>>;
};

/** A value of a JSON type the schema does not allow, or undefined when it allows any. */
export function wrongTypeFor(schema: Schema): unknown {
  const types = new Set([schema.type ?? []].flat());
  for (const alt of [...(schema.anyOf ?? []), ...(schema.oneOf ?? [])])
    for (const t of [alt.type ?? []].flat()) types.add(t);
  if (types.size === 0) return undefined;
  const candidates: Array<[string[], unknown]> = [
    [['string'], 12345],
    [['integer', 'number'], 'not a number'],
    [['boolean'], 'yes'],
    [['array'], { not: 'an array' }],
    [['object'], ['not', 'an', 'object']],
  ];
  for (const [accepts, value] of candidates) {
    if (accepts.some((t) => types.has(t))) {
      // A value none of the allowed types takes.
      const valueType = Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value;
      const taken =
        valueType === 'number' ? types.has('number') || types.has('integer') : types.has(valueType);
      if (!taken) return value;
    }
  }
  return null;
}

/** `levels` arrays nested inside each other around `inner`. */
export function nested(levels: number, inner: unknown = 1): unknown {
  let v = inner;
  for (let i = 0; i < levels; i++) v = [v];
  return v;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function operations(doc: OpenApi): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const body = op.requestBody?.content?.['application/json']?.schema;
      if (!body) continue;
      // A union of body shapes (map-reduce: items or source): the first with fields.
      const schema = body.properties
        ? body
        : [...(body.anyOf ?? []), ...(body.oneOf ?? [])].find((b) => b.properties);
      if (!schema) continue;
      const example = isObject(body.example) ? body.example : minimalBody(schema);
      out.push({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, 'hostile-absent'),
        schema,
        example,
      });
    }
  }
  return out;
}

/** A body of the required fields' simplest values, for an operation documented without an example. */
function minimalBody(schema: Schema & { required?: string[] }): Record<string, unknown> {
  const simplest: Record<string, unknown> = { string: 'hostile', integer: 1, number: 1, boolean: true };
  return Object.fromEntries(
    (schema.required ?? []).map((k) => [k, simplest[String(schema.properties?.[k]?.type)] ?? {}]),
  );
}

/** Every hostile body for every operation with a JSON body in the document. */
export function hostileRequests(doc: OpenApi, jsonDepth: number): HostileRequest[] {
  const out: HostileRequest[] = [];
  for (const op of operations(doc)) {
    const base = { method: op.method, path: op.path };
    for (const [key, prop] of Object.entries(op.schema.properties ?? {})) {
      const wrong = wrongTypeFor(prop);
      if (wrong !== undefined)
        out.push({
          ...base,
          what: `${key} of a wrong type`,
          body: { ...op.example, [key]: wrong },
          field: key,
        });
      // One level down: an object's fields, or the fields of an array's first element.
      const here: unknown = op.example[key];
      const inner = prop.properties ?? prop.items?.properties;
      const list: unknown[] | undefined = Array.isArray(here) ? here : undefined;
      const sample = list ? list[0] : here;
      if (!inner || !isObject(sample)) continue;
      for (const [sub, subProp] of Object.entries(inner)) {
        const w = wrongTypeFor(subProp);
        if (w === undefined) continue;
        const changed = { ...sample, [sub]: w };
        out.push({
          ...base,
          what: `${key}.${sub} of a wrong type`,
          body: { ...op.example, [key]: list ? [changed, ...list.slice(1)] : changed },
          field: sub,
        });
      }
    }
    const first = Object.keys(op.example)[0] ?? 'x';
    out.push({
      ...base,
      what: 'nested just past the depth limit',
      body: { ...op.example, [first]: nested(jsonDepth) },
    });
    out.push({
      ...base,
      what: 'nested 100 000 levels deep',
      body: undefined,
      raw: `${'['.repeat(100_000)}1${']'.repeat(100_000)}`,
    });
    out.push({
      ...base,
      what: 'nested right at the depth limit',
      body: { ...op.example, [first]: nested(jsonDepth - 2) },
      mayPass: true,
    });
  }
  return out;
}
