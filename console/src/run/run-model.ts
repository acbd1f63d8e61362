import type { LiveEvent } from '../api/types';

// What the run page knows of a run, folded from its live events. Mutable and kept in a ref:
// events arrive far faster than the page repaints, so the page re-renders on a timer, not per
// event (see useLiveRun).

export type BranchStatus =
  'waiting' | 'running' | 'succeeded' | 'failed' | 'cancelled' | 'skipped' | 'approval';

export interface Branch {
  path: string;
  status: BranchStatus;
  /** ms since the epoch, from the events' `at` (the run's clock), else when the page got them. */
  startedAt?: number;
  finishedAt?: number;
  durationMs?: number;
  /** The text its model calls have written so far (token events). */
  text: string;
  tokens: number;
  model?: string;
  output?: unknown;
  error?: string;
  /** The stage that was running when it started (pipelines). */
  stage?: string;
  approvalTitle?: string;
  /** An agent step: the answer, or the tool calls asked for. */
  turn?: { answer?: string; calls?: Array<{ id: string; tool: string; arguments: unknown }> };
  toolResult?: { tool: string; status: string; result: string };
}

export interface RunModel {
  branches: Map<string, Branch>;
  stages: Array<{ name: string; tasks: number; at: number }>;
  progress: Map<string, { done: number; failed: number; total?: number }>;
  workflowType?: string;
  mode?: string;
  startedAt?: number;
  finished?: { status: 'completed' | 'failed'; error?: string; at: number };
  events: number;
  /** Bumped when branches are added (the graph's layout changes), not when they change state. */
  structure: number;
}

export function emptyRunModel(): RunModel {
  return { branches: new Map(), stages: [], progress: new Map(), events: 0, structure: 0 };
}

/** The branch at `path`, added (waiting) when the run has not mentioned it yet. */
export function branchOf(m: RunModel, path: string): Branch {
  let b = m.branches.get(path);
  if (!b) {
    b = { path, status: 'waiting', text: '', tokens: 0 };
    const stage = m.stages.at(-1)?.name;
    if (stage !== undefined) b.stage = stage;
    m.branches.set(path, b);
    m.structure++;
  }
  return b;
}

/** Folds one event into the model. */
export function applyEvent(m: RunModel, e: LiveEvent, receivedAt = Date.now()): void {
  m.events++;
  const at = e.at ?? receivedAt;
  switch (e.type) {
    case 'run.started':
      m.workflowType = e.workflowType;
      m.mode = e.mode;
      m.startedAt ??= at;
      return;
    case 'stage':
      m.stages.push({ name: e.stage, tasks: e.tasks, at });
      m.structure++;
      return;
    case 'run.finished':
      m.finished = { status: e.status, ...(e.error !== undefined ? { error: e.error } : {}), at };
      // Branches that never started were skipped (a failed dependency, a first-wins gathering).
      for (const b of m.branches.values()) if (b.status === 'waiting') b.status = 'skipped';
      return;
    case 'branch.started': {
      const b = branchOf(m, e.path);
      b.status = 'running';
      b.startedAt = at;
      delete b.finishedAt;
      return;
    }
    case 'branch.finished': {
      const b = branchOf(m, e.path);
      b.status = e.status;
      b.durationMs = e.durationMs;
      b.finishedAt = at;
      b.startedAt ??= at - e.durationMs;
      if (e.output !== undefined) b.output = e.output;
      if (e.error !== undefined) b.error = e.error;
      return;
    }
    case 'token': {
      const b = branchOf(m, e.path);
      if (b.status === 'waiting') {
        b.status = 'running';
        b.startedAt ??= at;
      }
      b.text += e.text;
      b.tokens++;
      b.model = e.model;
      return;
    }
    case 'branch.reset': {
      const b = branchOf(m, e.path);
      b.text = '';
      b.tokens = 0;
      return;
    }
    case 'progress':
      m.progress.set(e.path, {
        done: e.done,
        failed: e.failed,
        ...(e.total !== undefined ? { total: e.total } : {}),
      });
      return;
    case 'approval.requested': {
      const b = branchOf(m, approvalBranch(m, e.path));
      b.status = 'approval';
      b.approvalTitle = e.title;
      b.startedAt ??= at;
      return;
    }
    case 'approval.decided': {
      const b = branchOf(m, approvalBranch(m, e.path));
      // A DAG node's gate finishes with its node's branch.finished; a pipeline's gate here.
      b.status = e.approved ? (b.path.startsWith('approvals/') ? 'succeeded' : 'running') : 'failed';
      if (b.path.startsWith('approvals/')) {
        b.finishedAt = at;
        if (b.startedAt !== undefined) b.durationMs = at - b.startedAt;
      }
      return;
    }
    case 'agent.turn': {
      const b = branchOf(m, e.path);
      b.turn = {
        ...(e.answer !== undefined ? { answer: e.answer } : {}),
        ...(e.calls !== undefined ? { calls: e.calls } : {}),
      };
      if (b.status === 'waiting' || b.status === 'running') {
        b.status = 'succeeded';
        b.startedAt ??= at;
        b.finishedAt = at;
      }
      for (const c of e.calls ?? []) branchOf(m, `${e.path}/calls/${c.id}`);
      return;
    }
    case 'tool.result': {
      const b = branchOf(m, e.path);
      b.toolResult = { tool: e.tool, status: e.status, result: e.result };
      return;
    }
  }
}

/** A gate's events name `approvals/<gate>`; a DAG's gate is its node `nodes/<gate>` when that exists. */
function approvalBranch(m: RunModel, path: string): string {
  const gate = path.slice('approvals/'.length);
  return m.branches.has(`nodes/${gate}`) ? `nodes/${gate}` : path;
}

/** Counts of branches by status. */
export function statusCounts(branches: Iterable<Branch>): Record<BranchStatus, number> {
  const counts: Record<BranchStatus, number> = {
    waiting: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
    skipped: 0,
    approval: 0,
  };
  for (const b of branches) counts[b.status]++;
  return counts;
}
