import dagre from '@dagrejs/dagre';
import type { Branch, BranchStatus, RunModel } from './run-model';
import { statusCounts } from './run-model';
import type { Edge } from './run-structure';

// The run drawn as a graph: its branches as nodes, a DAG's dependencies, nesting (a nested run's
// branches under the branch that runs it), a pipeline's stages in order and an agent's steps in
// order. A branch with many children is a group, collapsed until opened.

export const ROOT = '';
export const NODE_WIDTH = 190;
export const NODE_HEIGHT = 58;
/** A group opens by itself when it has at most this many children. */
const OPEN_GROUP_LIMIT = 12;

export interface GraphNode {
  id: string;
  label: string;
  kind: 'run' | 'stage' | 'branch';
  status: BranchStatus;
  detail: string;
  children: number;
  open: boolean;
  childCounts?: Record<BranchStatus, number>;
  x: number;
  y: number;
}

export interface GraphLayout {
  nodes: GraphNode[];
  edges: Array<{ id: string; source: string; target: string }>;
}

/** The nearest ancestor of a path that is a branch (paths nest by "/"), or the run. */
export function parentOf(path: string, branches: ReadonlyMap<string, Branch>): string {
  const parts = path.split('/');
  for (let n = parts.length - 1; n > 0; n--) {
    const prefix = parts.slice(0, n).join('/');
    if (branches.has(prefix)) return prefix;
  }
  return ROOT;
}

const stageId = (name: string) => `stage:${name}`;
const stepNumber = (path: string) => /^steps\/(\d+)$/.exec(path)?.[1];

function labelOf(path: string): string {
  const parts = path.split('/');
  return parts.length >= 2 ? `${parts.at(-2)}/${parts.at(-1)}` : path;
}

function detailOf(b: Branch): string {
  if (b.approvalTitle && b.status === 'approval') return `approval: ${b.approvalTitle}`;
  if (b.toolResult) return `${b.toolResult.tool}: ${b.toolResult.status}`;
  if (b.turn?.calls) return `${b.turn.calls.length} tool call(s)`;
  if (b.turn?.answer !== undefined) return 'answer';
  const parts: string[] = [b.status];
  if (b.durationMs !== undefined) parts.push(`${(b.durationMs / 1000).toFixed(1)} s`);
  if (b.tokens > 0) parts.push(`${b.tokens} tok`);
  return parts.join(' · ');
}

/** Which branches are shown (their groups open) and the edges between them. */
export function graphOf(m: RunModel, declared: readonly Edge[], choices: ReadonlyMap<string, boolean>) {
  const children = new Map<string, string[]>();
  const parent = new Map<string, string>();
  for (const path of m.branches.keys()) {
    const p = parentOf(path, m.branches);
    parent.set(path, p);
    const list = children.get(p) ?? [];
    list.push(path);
    children.set(p, list);
  }
  const isOpen = (path: string) =>
    path === ROOT || (choices.get(path) ?? (children.get(path)?.length ?? 0) <= OPEN_GROUP_LIMIT);
  const visible = (path: string): boolean => {
    const p = parent.get(path) ?? ROOT;
    return p === ROOT ? true : isOpen(p) && visible(p);
  };
  const shown = [...m.branches.keys()].filter(visible);
  const shownSet = new Set(shown);
  const edges: Edge[] = declared.filter(([a, b]) => shownSet.has(a) && shownSet.has(b));
  const hasIncoming = new Set(edges.map(([, b]) => b));
  const stages = m.stages.map((s) => s.name).filter((n, i, all) => all.indexOf(n) === i);
  stages.forEach((s, i) => edges.push([i === 0 ? ROOT : stageId(stages[i - 1]!), stageId(s)]));
  const steps = shown
    .filter((p) => stepNumber(p) !== undefined)
    .sort((a, b) => Number(stepNumber(a)) - Number(stepNumber(b)));
  steps.forEach((s, i) => {
    if (i > 0) {
      edges.push([steps[i - 1]!, s]);
      hasIncoming.add(s);
    }
  });
  for (const path of shown) {
    if (hasIncoming.has(path)) continue;
    const p = parent.get(path) ?? ROOT;
    const b = m.branches.get(path)!;
    edges.push([p === ROOT && b.stage !== undefined ? stageId(b.stage) : p, path]);
  }
  return { shown, stages, edges, children, isOpen };
}

/** The last layout: states change many times a second, the shown nodes and edges seldom. */
let cached: { signature: string; positions: Map<string, { x: number; y: number }> } | undefined;

/** Node centres from dagre, for these nodes and edges. */
function positionsOf(ids: string[], edges: Array<[string, string]>): Map<string, { x: number; y: number }> {
  const signature = `${ids.join('\n')}\n\n${edges.map((e) => e.join('>')).join('\n')}`;
  if (cached?.signature === signature) return cached.positions;
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 46, marginx: 10, marginy: 10 });
  g.setDefaultEdgeLabel(() => ({}));
  for (const id of ids) g.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const [a, b] of edges) g.setEdge(a, b);
  dagre.layout(g);
  const positions = new Map(
    ids.map((id) => {
      const { x, y } = g.node(id) as { x: number; y: number };
      return [id, { x, y }];
    }),
  );
  cached = { signature, positions };
  return positions;
}

/** The graph to draw: positions from dagre (recomputed only when the shown nodes change). */
export function layoutGraph(
  m: RunModel,
  declared: readonly Edge[],
  /** Groups a person opened (true) or closed (false); the others open when small. */
  choices: ReadonlyMap<string, boolean>,
): GraphLayout {
  const { shown, stages, edges, children, isOpen } = graphOf(m, declared, choices);
  const ids = [ROOT, ...stages.map(stageId), ...shown];
  const key = (id: string) => (id === ROOT ? 'run' : id);
  const positions = positionsOf(
    ids.map(key),
    edges.map(([a, b]) => [key(a), key(b)]),
  );
  const nodes: GraphNode[] = ids.map((id) => {
    const pos = positions.get(key(id))!;
    const base = { x: pos.x - NODE_WIDTH / 2, y: pos.y - NODE_HEIGHT / 2 };
    if (id === ROOT)
      return {
        ...base,
        id: 'run',
        label: m.workflowType ?? 'run',
        kind: 'run',
        status: m.finished ? (m.finished.status === 'completed' ? 'succeeded' : 'failed') : 'running',
        detail: m.finished ? m.finished.status : `${m.events} events`,
        children: 0,
        open: true,
      };
    if (id.startsWith('stage:')) {
      const name = id.slice('stage:'.length);
      const stage = m.stages.find((s) => s.name === name)!;
      const members = [...m.branches.values()].filter((b) => b.stage === name);
      const counts = statusCounts(members);
      const done =
        counts.running === 0 &&
        counts.waiting === 0 &&
        counts.approval === 0 &&
        (members.length > 0 || m.stages.at(-1)?.name !== name);
      return {
        ...base,
        id,
        label: `stage ${name}`,
        kind: 'stage',
        status: counts.failed > 0 ? 'failed' : done || m.finished ? 'succeeded' : 'running',
        detail: `${stage.tasks} task(s)`,
        children: 0,
        open: true,
      };
    }
    const b = m.branches.get(id)!;
    const kids = children.get(id) ?? [];
    return {
      ...base,
      id,
      label: labelOf(id),
      kind: 'branch',
      status: b.status,
      detail: detailOf(b),
      children: kids.length,
      open: isOpen(id),
      ...(kids.length > 0 ? { childCounts: statusCounts(kids.map((k) => m.branches.get(k)!)) } : {}),
    };
  });
  return {
    nodes,
    edges: edges.map(([a, b]) => ({ id: `${key(a)}->${key(b)}`, source: key(a), target: key(b) })),
  };
}
