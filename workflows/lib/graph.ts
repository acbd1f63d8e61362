import { liveBranch } from './live.js';
import { ApplicationFailure, CancellationScope, isCancellation } from '@temporalio/workflow';
import { dependentsOf } from '../contracts/index.js';
import type { NodeOutcome } from '../contracts/index.js';
import { failureMessage } from './run-task.js';
import { runUsage } from './usage-tracker.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

export interface GraphNode {
  id: string;
  dependsOn?: string[];
  /** Runs once every dependency has succeeded; `outputs` holds theirs (and every finished node's). */
  run: (outputs: ReadonlyMap<string, unknown>, outcome: NodeOutcome, path: string) => Promise<unknown>;
}

export interface GraphOptions {
  /** Nodes running at once, started in declaration order (default 10). */
  maxConcurrency?: number;
  /** `fail` (default): a failure cancels the running nodes and fails; `continue`: skip its dependents, finish the rest. */
  onNodeFailure?: 'fail' | 'continue';
  /** Called with the live outcomes once at the start (for a progress query). */
  onProgress?: (nodes: Readonly<Record<string, NodeOutcome>>) => void;
}

const iso = () => new Date(Date.now()).toISOString();

/**
 * Runs a dependency graph (ids unique, no cycles): every node whose dependencies all succeeded is
 * ready, and ready nodes run concurrently, at most `maxConcurrency`, in declaration order. Returns
 * every node's outcome; fails with `NodeFailed` (details: outcomes and usage) under `fail`.
 */
export async function runGraph(
  graph: readonly GraphNode[],
  options: GraphOptions = {},
): Promise<Record<string, NodeOutcome>> {
  const maxConcurrency = options.maxConcurrency ?? 10;
  const continueOnFailure = options.onNodeFailure === 'continue';
  const nodes: Record<string, NodeOutcome> = {};
  for (const n of graph) nodes[n.id] = { status: 'pending', startedAt: null, finishedAt: null };
  options.onProgress?.(nodes);
  const outputs = new Map<string, unknown>();
  const running = new Map<string, { scope: CancellationScope; done: Promise<void> }>();
  let firstFailure: { id: string; error: string } | undefined;

  const ready = (n: GraphNode) =>
    nodes[n.id]!.status === 'pending' && (n.dependsOn ?? []).every((d) => nodes[d]!.status === 'succeeded');

  const fail = (id: string, error: string) => {
    Object.assign(nodes[id]!, { status: 'failed', error, finishedAt: iso() });
    if (!continueOnFailure) {
      firstFailure ??= { id, error };
      return;
    }
    for (const dep of dependentsOf(graph, id)) {
      if (nodes[dep]!.status === 'pending') nodes[dep]!.status = 'skipped';
    }
  };

  const start = (n: GraphNode) => {
    const outcome = nodes[n.id]!;
    Object.assign(outcome, { status: 'running', startedAt: iso() });
    const scope = new CancellationScope();
    const done = scope
      .run(() => liveBranch(`nodes/${n.id}`, () => n.run(outputs, outcome, `nodes/${n.id}`)))
      .then(
        (output) => {
          outputs.set(n.id, output);
          Object.assign(outcome, { status: 'succeeded', output, finishedAt: iso() });
        },
        (err: unknown) => {
          // Only a cancellation of this node's own scope is ours; a child run cancelled on its own is a failure.
          if (!isCancellation(err) || !scope.consideredCancelled) return fail(n.id, failureMessage(err));
          if (!firstFailure) throw err; // the whole run is being cancelled
          Object.assign(outcome, {
            status: 'failed',
            error: 'cancelled: another node failed',
            finishedAt: iso(),
          });
        },
      )
      .finally(() => running.delete(n.id));
    running.set(n.id, { scope, done });
  };

  while (!firstFailure) {
    for (const n of graph) {
      if (running.size >= maxConcurrency || firstFailure) break;
      if (ready(n)) start(n);
    }
    if (running.size === 0) break;
    await Promise.race([...running.values()].map((r) => r.done));
  }

  if (firstFailure) {
    for (const r of running.values()) r.scope.cancel();
    await Promise.allSettled([...running.values()].map((r) => r.done));
    for (const o of Object.values(nodes)) if (o.status === 'pending') o.status = 'skipped';
    throw ApplicationFailure.nonRetryable(
      `node "${firstFailure.id}" failed: ${firstFailure.error}`,
      ERROR_TYPES.NodeFailed,
      {
        nodes,
        usage: runUsage(),
      },
    );
  }
  return nodes;
}
