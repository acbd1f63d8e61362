import { asText } from '../contracts/index.js';
import type { AggregateResult, AggregateSpec, MajorityAggregate, TaskOutcome } from '../contracts/index.js';
import { runActivity } from './activity-runner.js';

/** JSON with object keys sorted, so equal values vote together whatever their key order. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The value at a dot path (array indices allowed), or undefined when absent. */
export function pickField(value: unknown, field: string | undefined): unknown {
  if (!field) return value;
  let current = value;
  for (const key of field.split('.')) {
    if (current === null || typeof current !== 'object' || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

export interface Candidate {
  id: string;
  value: unknown;
}

/** Votes on equal values (deep equality); ties go to the value first produced by the earlier candidate. */
export function majorityVote(candidates: readonly Candidate[]): MajorityAggregate {
  const groups = new Map<string, { output: unknown; count: number; taskIds: string[] }>();
  for (const c of candidates) {
    const key = canonicalJson(c.value);
    const g = groups.get(key) ?? { output: c.value, count: 0, taskIds: [] };
    g.count++;
    g.taskIds.push(c.id);
    groups.set(key, g);
  }
  const votes = [...groups.values()].sort((a, b) => b.count - a.count); // stable
  return { kind: 'majority', winner: votes[0]?.output ?? null, votes };
}

/**
 * Combines the succeeded outcomes by an aggregate spec. `field` picks a value from each output
 * (outputs without it take no part); model kinds run one llm.* activity over the values as text.
 * Undefined when there is nothing to combine.
 */
export async function aggregateOutcomes(
  outcomes: readonly TaskOutcome[],
  spec: AggregateSpec,
): Promise<AggregateResult | undefined> {
  const s = typeof spec === 'string' ? { kind: spec } : spec;
  const field = 'field' in s ? s.field : undefined;
  const candidates = outcomes
    .filter((t) => t.status === 'succeeded')
    .map((t) => ({ id: t.id, value: pickField(t.output, field) }))
    .filter((c) => c.value !== undefined);
  const taskIds = candidates.map((c) => c.id);
  const texts = candidates.map((c) => asText(c.value));
  switch (s.kind) {
    case 'list':
      return candidates.map((c) => c.value);
    case 'majority':
      return majorityVote(candidates);
    case 'consensus': {
      if (candidates.length === 0) return undefined;
      if (candidates.length === 1)
        return {
          kind: 'consensus',
          bestTaskId: taskIds[0]!,
          best: candidates[0]!.value,
          score: 1,
          taskIds,
          similarity: [[1]],
        };
      const r = await runActivity('llm.consensus', { model: s.model, texts });
      const best = candidates[r.bestIndex]!;
      return {
        kind: 'consensus',
        bestTaskId: best.id,
        best: best.value,
        score: r.score,
        taskIds,
        similarity: r.similarity,
      };
    }
    case 'judge': {
      if (candidates.length === 0) return undefined;
      const r = await runActivity('llm.judge', { model: s.model, candidates: texts, criteria: s.criteria });
      const best = candidates[r.bestIndex]!;
      return { kind: 'judge', bestTaskId: best.id, best: best.value, reason: r.reason, taskIds };
    }
    case 'synthesize': {
      if (candidates.length === 0) return undefined;
      const r = await runActivity('llm.synthesize', {
        model: s.model,
        texts,
        instruction: s.instruction,
        ...(s.maxTokens !== undefined ? { maxTokens: s.maxTokens } : {}),
      });
      return { kind: 'synthesize', text: r.text, taskIds };
    }
  }
}
