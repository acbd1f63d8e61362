// Walks of a whole pattern spec, nested patterns included, that both sides need: admission (the
// spec schema's refinements) and the workflows' execution invariants. Pure and defensive: a
// workflow may be started directly with anything, so nothing here assumes the shape was checked.

import { DEFAULTS, LIMITS } from './limits.js';
import { isObject } from './json-shape.js';
import { markerProblems } from './markers.js';
import type { MarkerScope } from './markers.js';
import type { PathSegment, SpecProblem } from './spec-path.js';

export type PatternKind = 'map-reduce' | 'scatter-gather' | 'dag';
export const PATTERN_KINDS: readonly PatternKind[] = ['map-reduce', 'scatter-gather', 'dag'];

export const NO_SCOPE: MarkerScope = { nodes: new Set(), item: false };

interface SpecVisitor {
  /** A free-form value (an input, params, items, forEach, details) and what its markers may name. */
  value(path: PathSegment[], value: unknown, scope: MarkerScope): void;
  /** A nested pattern at `depth` (1 = inside the root spec); false stops the walk going into it. */
  nested?(path: PathSegment[], kind: PatternKind, depth: number): boolean;
}

function isPatternKind(v: unknown): v is PatternKind {
  return typeof v === 'string' && (PATTERN_KINDS as readonly string[]).includes(v);
}

function stringList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Visits every free-form value of a spec with the marker scope it sits in, nested specs included. */
export function walkSpec(
  kind: PatternKind,
  spec: unknown,
  visit: SpecVisitor,
  scope: MarkerScope = NO_SCOPE,
  path: PathSegment[] = [],
  depth = 0,
): void {
  if (!isObject(spec)) return;
  const task = (t: Record<string, unknown>, at: PathSegment[], taskScope: MarkerScope) => {
    if ('pattern' in t) {
      if (!isPatternKind(t.pattern)) return;
      if (visit.nested && !visit.nested([...at, 'pattern'], t.pattern, depth + 1)) return;
      walkSpec(t.pattern, t.spec, visit, taskScope, [...at, 'spec'], depth + 1);
    } else {
      visit.value([...at, 'input'], t.input, taskScope);
    }
  };
  if (kind === 'map-reduce') {
    // Inline items are data; only items given as a marker take anything from the scope.
    if (spec.items !== undefined && !Array.isArray(spec.items))
      visit.value([...path, 'items'], spec.items, scope);
    if (isObject(spec.mapper)) {
      visit.value([...path, 'mapper', 'params'], spec.mapper.params, scope);
      visit.value([...path, 'mapper', 'input'], spec.mapper.input, { ...scope, item: true });
    }
    if (isObject(spec.reducer)) visit.value([...path, 'reducer', 'params'], spec.reducer.params, scope);
  } else if (kind === 'scatter-gather') {
    if (!Array.isArray(spec.tasks)) return;
    spec.tasks.forEach((t, i) => {
      if (isObject(t)) task(t, [...path, 'tasks', i], scope);
    });
  } else {
    if (!Array.isArray(spec.nodes)) return;
    spec.nodes.forEach((node, i) => {
      if (!isObject(node)) return;
      const at = [...path, 'nodes', i];
      // A node's markers may name its dependencies, and what the enclosing scope offers.
      const depScope: MarkerScope = {
        nodes: new Set([...scope.nodes, ...stringList(node.dependsOn)]),
        item: scope.item,
        dag: true,
      };
      if (node.approval !== undefined) {
        if (isObject(node.approval))
          visit.value([...at, 'approval', 'details'], node.approval.details, depScope);
        return;
      }
      if (node.forEach !== undefined) visit.value([...at, 'forEach'], node.forEach, depScope);
      task(node, at, { ...depScope, item: scope.item || node.forEach !== undefined });
    });
  }
}

/** Markers that name what their place cannot see: a node not in dependsOn, `$item` outside a forEach. */
export function markerScopeProblems(kind: PatternKind, spec: unknown, legacyRef = false): SpecProblem[] {
  const out: SpecProblem[] = [];
  walkSpec(kind, spec, {
    value(path, value, scope) {
      if (value === undefined) return;
      for (const [at, message] of markerProblems(value, scope, legacyRef))
        out.push({ path: [...path, ...at], message });
    },
  });
  return out;
}

/** Nested patterns deeper than LIMITS.nestingDepth (each level is a child run). */
export function nestingProblems(kind: PatternKind, spec: unknown): SpecProblem[] {
  const out: SpecProblem[] = [];
  walkSpec(kind, spec, {
    value() {},
    nested(path, _kind, depth) {
      if (depth <= LIMITS.nestingDepth) return true;
      out.push({ path, message: `nesting deeper than ${LIMITS.nestingDepth} levels` });
      return false;
    },
  });
  return out;
}

/**
 * The batches one map-reduce spec makes when its item count is known before it runs (inline
 * items or a range; a `lines` file is counted in the run): 0 otherwise.
 */
export function batchCount(spec: Record<string, unknown>): {
  items: number;
  batchSize: number;
  batches: number;
} {
  const source = spec.source as { type?: unknown; start?: unknown; end?: unknown } | undefined;
  const items = Array.isArray(spec.items)
    ? spec.items.length
    : source?.type === 'range' && typeof source.start === 'number' && typeof source.end === 'number'
      ? Math.max(0, source.end - source.start)
      : 0;
  // An invalid batch size is reported on its own; the count goes on with the default.
  const given = spec.batchSize;
  const batchSize =
    typeof given === 'number' && Number.isInteger(given) && given >= 1 ? given : DEFAULTS.batchSize;
  return { items, batchSize, batches: Math.ceil(items / batchSize) };
}

/** The batches a spec's map-reduces make, nested ones included, where their item counts are known. */
export function knownBatches(kind: PatternKind, spec: unknown): number {
  if (!isObject(spec)) return 0;
  if (kind === 'map-reduce') return batchCount(spec).batches;
  const children = (kind === 'dag' ? spec.nodes : spec.tasks) as unknown[];
  let total = 0;
  for (const child of Array.isArray(children) ? children : []) {
    if (!isObject(child) || !isPatternKind(child.pattern)) continue;
    // A nested pattern under a literal forEach runs once per element.
    const times = Array.isArray(child.forEach) ? child.forEach.length : 1;
    total += times * knownBatches(child.pattern, child.spec);
  }
  return total;
}
