// What a pattern workflow checks before it schedules anything: the few properties without which
// it could not run at all (a DAG that waits forever, an output that two nodes write, a marker
// that reads an output not yet there, a quorum no run can reach). Admission — field types,
// ranges, known activities and models, sizes — is the spec schema's job (spec-schema.ts), run by
// the API and the client and never inside a workflow, so admission rules can change without
// touching replay. Every invariant here is also an admission rule, so a run that was admitted
// always passes them; a new invariant must be added behind `patched()`.

import { findCycle } from './graph.js';
import { isObject } from './json-shape.js';
import { markerScopeProblems, nestingProblems } from './spec-walk.js';
import type { PatternKind } from './spec-walk.js';
import { problemLines } from './spec-path.js';
import type { SpecProblem } from './spec-path.js';

/** Node ids key plain objects (outputs, outcomes): these would collide with Object's own. */
export const RESERVED_IDS: readonly string[] = ['__proto__', 'constructor', 'prototype'];

interface Invariant {
  /** Which kinds it concerns. */
  kinds: readonly PatternKind[];
  problems(spec: Record<string, unknown>, kind: PatternKind): SpecProblem[];
}

function branches(spec: Record<string, unknown>, kind: PatternKind): unknown[] {
  const list = kind === 'dag' ? spec.nodes : spec.tasks;
  return Array.isArray(list) ? list : [];
}

function branchKey(kind: PatternKind): 'nodes' | 'tasks' {
  return kind === 'dag' ? 'nodes' : 'tasks';
}

export const EXECUTION_INVARIANTS = {
  /** Something to run: tasks or nodes, or a mapper and a reducer with one item source. */
  'has-work': {
    kinds: ['map-reduce', 'scatter-gather', 'dag'],
    problems(spec, kind) {
      if (kind === 'map-reduce') {
        const out: SpecProblem[] = [];
        if ((spec.items === undefined) === (spec.source === undefined))
          out.push({ path: [], message: 'needs exactly one of "items" and "source"' });
        if (spec.mapper === undefined) out.push({ path: ['mapper'], message: 'is required' });
        if (spec.reducer === undefined) out.push({ path: ['reducer'], message: 'is required' });
        return out;
      }
      const list = kind === 'dag' ? spec.nodes : spec.tasks;
      if (!Array.isArray(list) || list.length === 0)
        return [{ path: [branchKey(kind)], message: 'must be a non-empty array' }];
      const bad = list.findIndex((b) => !isObject(b));
      return bad < 0 ? [] : [{ path: [branchKey(kind), bad], message: 'must be an object' }];
    },
  },
  /** Ids key the outputs: unique, and a node's never an Object internal. */
  'unique-ids': {
    kinds: ['scatter-gather', 'dag'],
    problems(spec, kind) {
      const out: SpecProblem[] = [];
      const seen = new Set<string>();
      branches(spec, kind).forEach((b, i) => {
        if (!isObject(b) || typeof b.id !== 'string') {
          if (kind === 'dag') out.push({ path: ['nodes', i, 'id'], message: 'is required' });
          return;
        }
        if (kind === 'dag' && RESERVED_IDS.includes(b.id))
          out.push({ path: [branchKey(kind), i, 'id'], message: `"${b.id}" is reserved` });
        if (seen.has(b.id)) out.push({ path: [branchKey(kind), i, 'id'], message: `duplicate id "${b.id}"` });
        seen.add(b.id);
      });
      return out;
    },
  },
  /** Every dependency names a node: otherwise its dependents would wait forever. */
  'known-dependencies': {
    kinds: ['dag'],
    problems(spec) {
      const nodes = branches(spec, 'dag').filter(isObject);
      const ids = new Set(nodes.map((n) => n.id));
      const out: SpecProblem[] = [];
      branches(spec, 'dag').forEach((n, i) => {
        if (!isObject(n) || n.dependsOn === undefined) return;
        const deps = n.dependsOn;
        if (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string')) {
          out.push({ path: ['nodes', i, 'dependsOn'], message: 'must be an array of node ids' });
          return;
        }
        for (const dep of deps as string[]) {
          if (!ids.has(dep)) out.push({ path: ['nodes', i, 'dependsOn'], message: `unknown node "${dep}"` });
          if (dep === n.id)
            out.push({ path: ['nodes', i, 'dependsOn'], message: 'a node cannot depend on itself' });
        }
      });
      return out;
    },
  },
  /** No cycle: a node in one would never become ready. */
  acyclic: {
    kinds: ['dag'],
    problems(spec) {
      const cycle = findCycle(
        branches(spec, 'dag').filter(isObject) as Array<{ id: string; dependsOn?: string[] }>,
      );
      return cycle ? [{ path: ['nodes'], message: `cycle: ${cycle.join(' -> ')}` }] : [];
    },
  },
  /** A marker reads only outputs that exist when it is resolved (dependencies, the forEach element). */
  'markers-in-scope': {
    kinds: ['map-reduce', 'scatter-gather', 'dag'],
    // `$ref` was the name of `$from` once: runs started then still replay.
    problems: (spec, kind) => markerScopeProblems(kind, spec, true),
  },
  /** A quorum no run could reach would never decide. */
  'quorum-reachable': {
    kinds: ['scatter-gather'],
    problems(spec) {
      const policy = spec.policy;
      if (!isObject(policy)) return [{ path: ['policy'], message: 'must be an object' }];
      if (policy.mode !== 'quorum') return [];
      const n = branches(spec, 'scatter-gather').length;
      const q = policy.quorum;
      return typeof q === 'number' && Number.isInteger(q) && q >= 1 && q <= n
        ? []
        : [{ path: ['policy', 'quorum'], message: `must be an integer from 1 to ${Math.max(1, n)}` }];
    },
  },
  /** Child runs nest a bounded number of levels. */
  'bounded-nesting': {
    kinds: ['map-reduce', 'scatter-gather', 'dag'],
    problems: (spec, kind) => nestingProblems(kind, spec),
  },
} satisfies Record<string, Invariant>;

export type ExecutionInvariantName = keyof typeof EXECUTION_INVARIANTS;

/** "path: message (invariant)" for every invariant the spec breaks; the first failing ones stop the rest. */
export function invariantViolations(kind: PatternKind, spec: unknown, root = 'spec'): string[] {
  if (!isObject(spec)) return [`${root}: must be an object`];
  const out: string[] = [];
  for (const [name, invariant] of Object.entries(EXECUTION_INVARIANTS) as Array<[string, Invariant]>) {
    if (!invariant.kinds.includes(kind)) continue;
    out.push(...problemLines(invariant.problems(spec, kind), root).map((line) => `${line} (${name})`));
    // Later invariants read what earlier ones guarantee (a list of objects, known ids).
    if (out.length > 0) return out;
  }
  return out;
}
