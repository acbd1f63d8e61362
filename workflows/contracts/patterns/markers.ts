// Markers: where a DAG node's input (or a nested pattern's spec) takes data from elsewhere.
//   { "$from": "<nodeId>.<dot.path>" }    that node's output, or a field of it (indices allowed)
//   { "$template": "text {{node.path}}" }  a string; strings go in as they are, other values as JSON
//   { "$item": "<dot.path>" }              a field of the current forEach element ("" = all of it)
//   { "$literal": <value> }                the value as it is, markers inside left alone
// `{{$item.path}}` and `{{$index}}` work in templates inside a forEach. A marker is an object
// with exactly that one key. `$ref` (the old name of `$from`) is still read inside workflows so
// runs started before the rename replay, but the API refuses it (it collides with JSON Reference).

import { isObject } from './json-shape.js';
import type { PathSegment } from './spec-path.js';

export const MARKER_KEYS = ['$from', '$template', '$item', '$literal'] as const;
export type MarkerKey = (typeof MARKER_KEYS)[number];

/** Values nested deeper than this are refused: the walkers recurse. */
export const MAX_VALUE_DEPTH = 200;

/** A reference to a node's output, or to the forEach element (`nodeId` "$item") or its index. */
export interface MarkerRef {
  nodeId: string;
  path: string[];
  /** The text as written, for messages. */
  text: string;
}

export type Marker =
  | { kind: '$from'; ref: MarkerRef }
  | { kind: '$item'; ref: MarkerRef }
  | { kind: '$template'; template: string; refs: MarkerRef[] }
  | { kind: '$literal'; value: unknown };

export class MarkerError extends Error {
  override readonly name = 'MarkerError';
}

/** A template longer than this is refused: prompts take documents through placeholders. */
export const MAX_TEMPLATE_CHARS = 100_000;
/** Placeholders in one template. */
export const MAX_TEMPLATE_PLACEHOLDERS = 1_000;
/** Path segments that would reach into an object's internals rather than its data. */
const OBJECT_INTERNALS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

interface Placeholder {
  start: number;
  end: number;
  inner: string;
}

/**
 * The `{{ … }}` placeholders of a template, in one left-to-right pass (linear in its length; a
 * backtracking pattern took tens of seconds on a few kilobytes of unclosed "{{").
 * Same reading as before: "{{", then no "{" or "}" up to "}}"; the inner text is trimmed; a
 * "{{" that never closes this way is plain text and the scan goes on after it.
 */
function placeholders(template: string): Placeholder[] {
  const out: Placeholder[] = [];
  let i = template.indexOf('{{');
  while (i >= 0) {
    let j = i + 2;
    while (j < template.length && template[j] !== '{' && template[j] !== '}') j++;
    if (template[j] === '}' && template[j + 1] === '}') {
      out.push({ start: i, end: j + 2, inner: template.slice(i + 2, j).trim() });
      i = template.indexOf('{{', j + 2);
    } else {
      // No placeholder starts at i, nor before j - 1 (no braces in between).
      i = template.indexOf('{{', Math.max(i + 1, j - 1));
    }
  }
  return out;
}

/** The template with each placeholder replaced by what `fill` returns for its inner text. */
function fillPlaceholders(template: string, fill: (inner: string, whole: string) => string): string {
  let text = '';
  let at = 0;
  for (const p of placeholders(template)) {
    text += template.slice(at, p.start) + fill(p.inner, template.slice(p.start, p.end));
    at = p.end;
  }
  return text + template.slice(at);
}

function parsePath(text: string): MarkerRef {
  const [nodeId = '', ...path] = text.split('.');
  return { nodeId, path, text };
}

function itemRef(path: string): MarkerRef {
  return {
    nodeId: '$item',
    path: path === '' ? [] : path.split('.'),
    text: path ? `$item.${path}` : '$item',
  };
}

/** The placeholders of a template, in order: `{{a.b}}`, `{{$item.x}}`, `{{$index}}`. */
export function templateRefs(template: string): MarkerRef[] {
  return placeholders(template).map((p) => parsePath(p.inner));
}

/** Problems with a template's own text: its size, placeholders left open or empty. */
export function templateTextProblems(template: string): string[] {
  if (template.length > MAX_TEMPLATE_CHARS)
    return [`$template is ${template.length} characters (at most ${MAX_TEMPLATE_CHARS})`];
  const found = placeholders(template);
  const out: string[] = [];
  if (found.length > MAX_TEMPLATE_PLACEHOLDERS)
    out.push(`$template has ${found.length} placeholders (at most ${MAX_TEMPLATE_PLACEHOLDERS})`);
  // A "{{" outside every placeholder is one left open.
  const outside = fillPlaceholders(template, () => '\u0000');
  if (outside.includes('{{'))
    out.push('$template has an unclosed "{{" (a placeholder is "{{name.path}}", with no braces inside)');
  if (found.some((p) => p.inner === '')) out.push('$template has an empty placeholder "{{}}"');
  return out;
}

/** A problem with a reference's path: an empty field name, or one naming object internals. */
export function refPathProblem(ref: MarkerRef): string | undefined {
  if (ref.path.some((k) => k === '')) return `"${ref.text}" has an empty field name`;
  const internal = [ref.nodeId, ...ref.path].find((k) => OBJECT_INTERNALS.has(k));
  if (internal !== undefined) return `"${ref.text}" names "${internal}", which is not data`;
  return undefined;
}

/** Only a one-key object whose key starts with "$" can be a marker; anything else is data. */
export function markerKeyOf(v: unknown): string | undefined {
  if (!isObject(v)) return undefined;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0]!.startsWith('$') ? keys[0] : undefined;
}

/**
 * The marker `v` is, or undefined for plain data. `$ref` reads as `$from` when `legacyRef` is set.
 * A JSON Reference (`{"$ref": "#/..."}`, as in a JSON Schema) is data.
 */
export function asMarker(v: unknown, legacyRef = false): Marker | undefined {
  const key = markerKeyOf(v);
  if (key === undefined) return undefined;
  const value = (v as Record<string, unknown>)[key];
  if (key === '$literal') return { kind: '$literal', value };
  if (typeof value !== 'string') return undefined;
  if (key === '$from' || (key === '$ref' && legacyRef && !value.startsWith('#')))
    return { kind: '$from', ref: parsePath(value) };
  if (key === '$item') return { kind: '$item', ref: itemRef(value) };
  if (key === '$template') return { kind: '$template', template: value, refs: templateRefs(value) };
  return undefined;
}

/** Where references may point from one place in a spec. */
export interface MarkerScope {
  /** Node ids whose outputs may be named. */
  nodes: ReadonlySet<string>;
  /** True inside a forEach: `$item` and `$index` are bound. */
  item: boolean;
  /** Inside a DAG node, where `dependsOn` is how outputs become nameable. */
  dag?: boolean;
}

/**
 * Problems with the markers inside a value, as [relative path, message]. A `$`-key object that
 * is no known marker is reported (a typo would otherwise pass as data), except a JSON Reference.
 */
export function markerProblems(
  value: unknown,
  scope: MarkerScope,
  legacyRef = false,
): Array<[PathSegment[], string]> {
  const out: Array<[PathSegment[], string]> = [];
  const checkRef = (at: PathSegment[], ref: MarkerRef, how: string) => {
    const pathProblem = refPathProblem(ref);
    if (pathProblem !== undefined) out.push([at, `${how} ${pathProblem}`]);
    else if (ref.nodeId === '$item' || ref.nodeId === '$index') {
      if (!scope.item)
        out.push([
          at,
          `${how} "${ref.text}": $item and $index exist only in a forEach node or a map-reduce mapper.input`,
        ]);
      else if (ref.nodeId === '$index' && ref.path.length > 0)
        out.push([at, `${how} "${ref.text}": $index has no fields`]);
    } else if (!scope.nodes.has(ref.nodeId)) {
      out.push([
        at,
        scope.nodes.size === 0 && !scope.dag
          ? `${how} "${ref.text}": no node outputs can be referenced here`
          : `${how} "${ref.text}": node "${ref.nodeId}" is not in dependsOn`,
      ]);
    }
  };
  const walk = (v: unknown, at: PathSegment[], depth: number): void => {
    if (depth > MAX_VALUE_DEPTH) {
      out.push([at, `is nested more than ${MAX_VALUE_DEPTH} levels deep`]);
      return;
    }
    const key = markerKeyOf(v);
    if (key !== undefined) {
      const m = asMarker(v, legacyRef);
      if (!m) {
        const value = (v as Record<string, unknown>)[key];
        if (key === '$ref' && typeof value === 'string' && value.startsWith('#')) return; // JSON Reference
        if (MARKER_KEYS.includes(key as MarkerKey)) out.push([at, `${key} must be a string`]);
        else if (key === '$ref') out.push([at, '"$ref" was renamed to "$from"']);
        else out.push([at, `unknown marker "${key}" (known: ${MARKER_KEYS.join(', ')})`]);
        return;
      }
      if (m.kind === '$from') checkRef(at, m.ref, '$from');
      else if (m.kind === '$item') checkRef(at, m.ref, '$item');
      else if (m.kind === '$template') {
        const textProblems = templateTextProblems(m.template);
        for (const p of textProblems) out.push([at, p]);
        if (textProblems.length === 0) for (const r of m.refs) checkRef(at, r, '$template placeholder');
      }
      return;
    }
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...at, i], depth + 1));
    else if (isObject(v)) for (const [k, x] of Object.entries(v)) walk(x, [...at, k], depth + 1);
  };
  walk(value, [], 0);
  return out;
}

/** No node outputs: for values that only `$item` / `$index` or `$literal` markers may be in. */
export const NO_OUTPUTS: ReadonlyMap<string, unknown> = new Map();

/** Values that references resolve against; names outside `outputs` are left for an inner scope. */
export interface MarkerValues {
  outputs: ReadonlyMap<string, unknown>;
  item?: { value: unknown; index: number };
}

function lookup(ref: MarkerRef, values: MarkerValues, how: string): { found: boolean; value?: unknown } {
  let current: unknown;
  if (ref.nodeId === '$index') {
    if (!values.item) return { found: false };
    return { found: true, value: values.item.index };
  }
  if (ref.nodeId === '$item') {
    if (!values.item) return { found: false };
    current = values.item.value;
  } else {
    if (!values.outputs.has(ref.nodeId)) return { found: false };
    current = values.outputs.get(ref.nodeId);
  }
  for (const [i, key] of ref.path.entries()) {
    const container = current as Record<string, unknown> | unknown[] | null;
    const has =
      container !== null &&
      typeof container === 'object' &&
      (Array.isArray(container)
        ? /^\d+$/.test(key) && Number(key) < container.length
        : Object.hasOwn(container, key));
    if (!has) {
      const field = [ref.nodeId, ...ref.path.slice(0, i + 1)].join('.');
      throw new MarkerError(`${how} "${ref.text}": no field "${field}"`);
    }
    current = (container as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

/** A value as prompt text: strings as they are, anything else as compact JSON. */
export function asText(v: unknown): string {
  return typeof v === 'string' ? v : (JSON.stringify(v) ?? 'null');
}

export interface ResolveOptions {
  /** Throw when a marker names something not in `values` (an activity input must resolve fully). */
  strict?: boolean;
  legacyRef?: boolean;
  /** The value is a nested pattern's spec: `$item` inside an inner node with its own forEach is that node's. */
  nestedSpec?: boolean;
}

/**
 * The value with its markers replaced. A template whose placeholders all resolve becomes a
 * string; one with placeholders for an inner scope stays a template with the rest filled in.
 */
export function resolveMarkers(value: unknown, values: MarkerValues, options: ResolveOptions = {}): unknown {
  const walk = (v: unknown, depth: number, scoped: MarkerValues): unknown => {
    if (depth > MAX_VALUE_DEPTH)
      throw new MarkerError(`value nested more than ${MAX_VALUE_DEPTH} levels deep`);
    const m = asMarker(v, options.legacyRef);
    if (m?.kind === '$literal') return options.strict ? m.value : v;
    if (m?.kind === '$from' || m?.kind === '$item') {
      const r = lookup(m.ref, scoped, m.kind);
      if (r.found) return r.value;
      if (options.strict)
        throw new MarkerError(`${m.kind} "${m.ref.text}": nothing to resolve it against here`);
      return v;
    }
    if (m?.kind === '$template') {
      let unresolved = 0;
      const text = fillPlaceholders(m.template, (inner, whole) => {
        const r = lookup(parsePath(inner), scoped, '$template placeholder');
        if (r.found) return asText(r.value);
        unresolved++;
        return whole;
      });
      if (unresolved === 0) return text;
      if (options.strict)
        throw new MarkerError(`$template "${m.template}": a placeholder cannot be resolved here`);
      return { $template: text };
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, depth + 1, scoped));
    if (isObject(v)) {
      // In a nested spec, an inner forEach node's body and a map-reduce mapper bind $item themselves.
      const innerForEach = options.nestedSpec === true && depth > 0 && 'forEach' in v;
      const ownItem = (k: string) =>
        (innerForEach && k !== 'forEach') || (options.nestedSpec === true && k === 'mapper');
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v))
        out[k] = walk(x, depth + 1, ownItem(k) ? { outputs: scoped.outputs } : scoped);
      return out;
    }
    return v;
  };
  return walk(value, 0, values);
}
