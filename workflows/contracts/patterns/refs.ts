// `{ "$ref": "<nodeId>" }` or `{ "$ref": "<nodeId>.<dot.path>" }` anywhere inside a DAG node's
// input stands for that node's output (or a field of it).

import { isObject } from './issues.js';

export interface Ref {
  nodeId: string;
  path: string[];
}

function asRef(v: unknown): Ref | undefined {
  if (!isObject(v) || Object.keys(v).length !== 1 || typeof v.$ref !== 'string') return undefined;
  const [nodeId = '', ...path] = v.$ref.split('.');
  return { nodeId, path };
}

/** Every reference inside a value. */
export function collectRefs(value: unknown, out: Ref[] = []): Ref[] {
  const ref = asRef(value);
  if (ref) out.push(ref);
  else if (Array.isArray(value)) for (const v of value) collectRefs(v, out);
  else if (isObject(value)) for (const v of Object.values(value)) collectRefs(v, out);
  return out;
}

export class RefError extends Error {}

/** The value with every reference replaced by the referenced output. */
export function resolveRefs(value: unknown, outputs: ReadonlyMap<string, unknown>): unknown {
  const ref = asRef(value);
  if (ref) {
    if (!outputs.has(ref.nodeId)) throw new RefError(`$ref "${ref.nodeId}": node has no output`);
    let current: unknown = outputs.get(ref.nodeId);
    for (const [i, key] of ref.path.entries()) {
      const container = current as Record<string, unknown> | unknown[] | null;
      if (container === null || typeof container !== 'object' || !(key in container)) {
        throw new RefError(
          `$ref "${[ref.nodeId, ...ref.path].join('.')}": no field "${ref.path.slice(0, i + 1).join('.')}"`,
        );
      }
      current = (container as Record<string, unknown>)[key];
    }
    return current;
  }
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, outputs));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, outputs)]));
  return value;
}
