// What pattern runs return and report: results, task and node outcomes, progress. The specs they
// take are defined by their schemas (spec-schema.ts).
import type { ApprovalDecision } from '../approvals.js';
import type { Usage } from '../usage.js';
import type { TaskBody, TaskOptions } from './spec-schema.js';

// ---------------------------------------------------------------- map-reduce

export interface ItemFailure {
  index: number;
  error: string;
}

export interface MapReduceResult {
  result: unknown;
  stats: { items: number; batches: number; failed: number; durationMs: number };
  failures: ItemFailure[];
  usage: Usage;
}

export interface MapReduceProgress {
  total: number;
  done: number;
  failed: number;
  running: number;
  usage: Usage;
}

// ---------------------------------------------------------------- scatter-gather

export type TaskStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timedOut';

interface OutcomeBase {
  id: string;
  durationMs: number | null;
}

/** What became of one task: an output only when it succeeded, an error only when it failed. */
export type TaskOutcome<T = unknown> =
  | (OutcomeBase & { status: 'succeeded'; output: T; error?: undefined })
  | (OutcomeBase & { status: 'failed'; error: string; output?: undefined })
  | (OutcomeBase & {
      status: Exclude<TaskStatus, 'succeeded' | 'failed'>;
      output?: undefined;
      error?: undefined;
    });

export type SucceededOutcome<T = unknown> = Extract<TaskOutcome<T>, { status: 'succeeded' }>;

/** Narrows an outcome (for `filter`) to a succeeded one, whose `output` is then typed. */
export function succeeded<T>(outcome: TaskOutcome<T>): outcome is SucceededOutcome<T> {
  return outcome.status === 'succeeded';
}

export interface MajorityAggregate {
  kind: 'majority';
  winner: unknown;
  /** Most votes first; `output` is the value voted for (the field's value when a field is set). */
  votes: Array<{ output: unknown; count: number; taskIds: string[] }>;
}

export interface ConsensusAggregate {
  kind: 'consensus';
  bestTaskId: string;
  /** The medoid value. */
  best: unknown;
  /** Mean pairwise similarity of the compared values. */
  score: number;
  taskIds: string[];
  similarity: number[][];
}

export interface JudgeAggregate {
  kind: 'judge';
  bestTaskId: string;
  best: unknown;
  reason: string;
  taskIds: string[];
}

export interface SynthesizeAggregate {
  kind: 'synthesize';
  text: string;
  taskIds: string[];
}

export type AggregateResult =
  unknown[] | MajorityAggregate | ConsensusAggregate | JudgeAggregate | SynthesizeAggregate;

export interface ScatterGatherResult {
  tasks: TaskOutcome[];
  aggregate?: AggregateResult;
  /** Set when the aggregate's own activity failed; the task outcomes still stand. */
  aggregateError?: string;
  usage: Usage;
}

// ---------------------------------------------------------------- DAG

/** An approval node's output: the decision, and `value` (the edits when given, else the details). */
export interface DagApprovalOutput extends ApprovalDecision {
  value: unknown;
}

export type NodeStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface ForEachStats {
  total: number;
  succeeded: number;
  /** Failed elements in index order (the first 100). */
  failures: ItemFailure[];
  failed: number;
}

export interface NodeOutcome {
  status: NodeStatus;
  output?: unknown;
  error?: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** For a forEach node. */
  items?: ForEachStats;
}

export interface DagResult {
  nodes: Record<string, NodeOutcome>;
  usage: Usage;
}

/** One chunk of a large forEach, run as a child workflow (internal). */
export interface ForEachChunkInput {
  /** The node's activity or nested pattern, DAG outputs already filled in; `$item` / `$index` left. */
  body: TaskBody & TaskOptions;
  items: unknown[];
  /** Index of items[0] in the whole list. */
  indexBase: number;
  maxConcurrency: number;
  onItemFailure: 'fail' | 'skip';
}

export interface ForEachChunkResult {
  outputs: unknown[];
  stats: ForEachStats;
  usage: Usage;
}
