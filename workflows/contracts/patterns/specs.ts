// Parallel work described as data. The API validates these bodies and starts the matching
// workflow; a task or DAG node may itself be a nested pattern, run as a child workflow.

import type { ActivityRetrySpec } from '../activity-registry.js';

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
}

export interface MapReduceSpec {
  items?: unknown[];
  source?: Exclude<ItemSource, { type: 'inline' }>;
  mapper: string | MapperSpec;
  reducer: string;
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
}

export interface MapReduceProgress {
  total: number;
  done: number;
  failed: number;
  running: number;
}

// ---------------------------------------------------------------- scatter-gather

export type ScatterTask = TaskBody & { id?: string };

export interface ScatterGatherPolicy {
  mode: 'all' | 'first' | 'quorum';
  quorum?: number;
  timeoutMs?: number;
}

export interface ScatterGatherSpec {
  tasks: ScatterTask[];
  policy: ScatterGatherPolicy;
  aggregate?: 'list' | 'majority';
}

export type TaskStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'timedOut';

export interface TaskOutcome {
  id: string;
  status: TaskStatus;
  output?: unknown;
  error?: string;
  durationMs: number | null;
}

export interface MajorityAggregate {
  winner: unknown;
  votes: Array<{ output: unknown; count: number; taskIds: string[] }>;
}

export interface ScatterGatherResult {
  tasks: TaskOutcome[];
  aggregate?: TaskOutcome[] | MajorityAggregate;
}

// ---------------------------------------------------------------- DAG

export interface NodeOptions {
  retry?: Partial<ActivityRetrySpec>;
  timeoutMs?: number;
}

export type DagNode = TaskBody & NodeOptions & { id: string; dependsOn?: string[] };

export interface DagSpec {
  nodes: DagNode[];
  maxConcurrency?: number;
  onNodeFailure?: 'fail' | 'continue';
}

export type NodeStatus = 'pending' | 'running' | 'succeeded' | 'failed' | 'skipped';

export interface NodeOutcome {
  status: NodeStatus;
  output?: unknown;
  error?: string;
  startedAt: string | null;
  finishedAt: string | null;
}

export interface DagResult {
  nodes: Record<string, NodeOutcome>;
}
