import type { UiSchema } from '@rjsf/utils';
import { isObject } from '../../../workflows/contracts/patterns/json-shape';

// The OpenAPI body schemas as the form library draws them best: union options get names rather
// than "Option 1", and values that may be any JSON (inputs, markers) get a JSON editor field.

type Schema = Record<string, unknown>;

/** Nested levels the ui schema reaches through recursive $refs (DAG inside DAG...). */
const MAX_DEPTH = 6;

function resolve(root: Schema, s: Schema): Schema {
  const ref = s.$ref;
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return s;
  let node: unknown = root;
  for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part] : undefined;
  return isObject(node) ? node : s;
}

/** A schema that says nothing of its value's shape: any JSON. */
function isAnyJson(s: Schema): boolean {
  return !['type', 'anyOf', 'oneOf', 'allOf', '$ref', 'enum', 'const', 'properties', 'items'].some(
    (k) => k in s,
  );
}

function optionsOf(s: Schema): Schema[] {
  const list = s.anyOf ?? s.oneOf;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

/** A name for each union option: its title, else the required fields only it has, else its type. */
function nameOptions(root: Schema, options: Schema[]): void {
  const required = options.map((o) => {
    const r = resolve(root, o).required;
    return Array.isArray(r) ? r.map(String) : [];
  });
  options.forEach((o, i) => {
    if (typeof o.title === 'string') return;
    const target = resolve(root, o);
    if (typeof target.title === 'string') return;
    const own = required[i]!.filter((f) => !required.some((r, j) => j !== i && r.includes(f)));
    const type = typeof target.type === 'string' ? target.type : undefined;
    const title = own.length > 0 ? `with ${own.join(', ')}` : (type ?? `option ${i + 1}`);
    if (o === target) o.title = title;
    else Object.assign(o, { title });
  });
}

/** Copies the schema (components included) with names on every union option. */
export function formSchema(schema: Schema): Schema {
  const copy = structuredClone(schema);
  const seen = new Set<Schema>();
  const walk = (s: unknown): void => {
    if (!isObject(s) || seen.has(s)) return;
    seen.add(s);
    const options = optionsOf(s);
    if (options.length > 1) nameOptions(copy, options);
    for (const v of Object.values(s)) {
      if (Array.isArray(v)) v.forEach(walk);
      else walk(v);
    }
  };
  walk(copy);
  return copy;
}

/** The ui schema that puts a JSON editor wherever the body takes any JSON. */
export function formUiSchema(root: Schema): UiSchema {
  const walk = (s: Schema, depth: number): UiSchema => {
    const target = resolve(root, s);
    if (isAnyJson(target)) return { 'ui:field': 'json' };
    if (depth > MAX_DEPTH) return {};
    const ui: UiSchema = {};
    for (const option of optionsOf(target)) Object.assign(ui, walk(option, depth + 1));
    if (isObject(target.properties))
      for (const [key, sub] of Object.entries(target.properties))
        if (isObject(sub)) {
          const child = walk(sub, depth + 1);
          if (Object.keys(child).length > 0) ui[key] = { ...(ui[key] as UiSchema | undefined), ...child };
        }
    if (isObject(target.items)) {
      const child = walk(target.items, depth + 1);
      if (Object.keys(child).length > 0) ui.items = { ...(ui.items as UiSchema | undefined), ...child };
    }
    return ui;
  };
  return walk(root, 0);
}
