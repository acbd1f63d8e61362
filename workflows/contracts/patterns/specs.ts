import type { ApprovalDecision, ApprovalTimeoutAction } from '../approvals.js';
import type { LiveMode } from '../live.js';
// Parallel work described as data. The API validates these bodies and starts the matching
// workflow; a task or DAG node may itself be a nested pattern, run as a child workflow.

import type { ActivityRetrySpec } from '../activity-registry.js';
import type { Usage } from '../usage.js';

export type PatternKind = 'map-reduce' | 'scatter-gather' | 'dag';

/** One activity call, by registry name. */
export interface ActivityTask {
  activity: string;
  input?: unknown;
}

/** A whole pattern run as a child workflow (fork-join inside fork-join). */
export interface NestedPatternTask {
  pattern: PatternKind;
  spec: MapReduceSpec | ScatterGatherSpec | DagSpec;
}

export type TaskBody = ActivityTask | NestedPatternTask;

/** Per-task overrides of the activity's registry defaults. */
export interface TaskOptions {
  retry?: Partial<ActivityRetrySpec>;
  timeoutMs?: number;
}

// ---------------------------------------------------------------- map-reduce

export type ItemSource =
  | { type: 'range'; start: number; end: number }
  | { type: 'lines'; path: string; format?: 'text' | 'jsonl' }
  | { type: 'inline'; items: unknown[] };

export interface MapperSpec {
  activity: string;
  /** Merged into the activity input, with the item under `itemField`; without params the item is the input. */
  params?: Record<string, unknown>;
  itemField?: string;
  /**
   * The activity input built per item instead: `$item` / `{{$item.x}}` and `{{$index}}` markers
   * take the item and its index, e.g. `{ "model": "m", "prompt": { "$template": "Classify: {{$item}}" } }`.
   */
  input?: unknown;
}

/** A reducer activity with fixed parameters, e.g. `{ activity: "llm.synthesize", params: { model, instruction } }`. */
export interface ReducerSpec {
  activity: string;
  params?: Record<string, unknown>;
}

export interface MapReduceSpec {
  /** Inline items; in a nested spec also a marker, e.g. `{ "$from": "split.chunks" }`. */
  items?: unknown[] | { $from: string };
  source?: Exclude<ItemSource, { type: 'inline' }>;
  mapper: string | MapperSpec;
  reducer: string | ReducerSpec;
  batchSize?: number;
  maxConcurrency?: number;
  onItemFailure?: 'fail' | 'skip';
  maxFailures?: number;
  /** Tuning of the run tree (defaults suit most inputs). */
  tree?: { leafBatches?: number; batchesPerRun?: number; fanout?: number };
}

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

export type ScatterTask = TaskBody & TaskOptions & { id?: string };

export interface ScatterGatherPolicy {
  mode: 'all' | 'first' | 'quorum';
  quorum?: number;
  timeoutMs?: number;
}

/**
 * How the succeeded outputs are combined. `field` picks a dot path of each output first (e.g.
 * "label" or "text"); the model kinds run one llm.* activity over the picked values as text.
 */
export type AggregateSpec =
  | 'list'
  | 'majority'
  | { kind: 'list' | 'majority'; field?: string }
  | { kind: 'consensus'; model: string; field?: string }
  | { kind: 'judge'; model: string; criteria: string; field?: string }
  | { kind: 'synthesize'; model: string; instruction: string; field?: string; maxTokens?: number };

export type AggregateKind = 'list' | 'majority' | 'consensus' | 'judge' | 'synthesize';

export interface ScatterGatherSpec {
  tasks: ScatterTask[];
  policy: ScatterGatherPolicy;
  aggregate?: AggregateSpec;
  /** Live events: "tokens" also streams the text of every model call as it is generated. */
  stream?: LiveMode;
}

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

/**
 * A node runs once per element of `forEach` (a `$from` marker naming a dependency's array, or an
 * array) with `$item` / `$index` bound; its output is then the list of per-element outputs.
 */
export interface DagForEachOptions {
  forEach?: unknown;
  /** Elements running at once (default 10). */
  maxConcurrency?: number;
  /** `skip` keeps going past a failed element (its output is null); `fail` (default) fails the node. */
  onItemFailure?: 'fail' | 'skip';
}

/** A DAG node that waits for a person: its output is the decision (see DagApprovalOutput). */
export interface DagApprovalNode {
  id: string;
  dependsOn?: string[];
  approval: {
    title: string;
    /** What the person reviews; markers take upstream outputs. Dependents read `edits` instead when given. */
    details?: unknown;
    timeoutMs?: number;
    onTimeout?: ApprovalTimeoutAction;
  };
}

/** A DAG node that runs something: an activity or a nested pattern, once or for each element. */
export type DagTaskNode = TaskBody & TaskOptions & DagForEachOptions & { id: string; dependsOn?: string[] };

export type DagNode = DagTaskNode | DagApprovalNode;

/** An approval node's output: the decision, and `value` (the edits when given, else the details). */
export interface DagApprovalOutput extends ApprovalDecision {
  value: unknown;
}

export interface DagSpec {
  nodes: DagNode[];
  maxConcurrency?: number;
  onNodeFailure?: 'fail' | 'continue';
  /** Live events: "tokens" also streams the text of every model call as it is generated. */
  stream?: LiveMode;
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
