import { ApplicationFailure, CancellationScope, isCancellation, setHandler } from '@temporalio/workflow';
import { DEFAULTS, dependentsOf, progressQuery, RefError, resolveRefs } from './contracts/index.js';
import type { DagNode, DagResult, DagSpec, NodeOutcome } from './contracts/index.js';
import { assertValidSpec, failureMessage, runTask } from './lib/run-task.js';

const iso = () => new Date(Date.now()).toISOString();

/**
 * Runs a validated dependency graph: every node whose dependencies all succeeded is ready, and
 * ready nodes run concurrently (at most `maxConcurrency`, in declaration order). `$ref`s in a
 * node's input are replaced by its dependencies' outputs. On a failure, `fail` cancels the
 * running nodes and fails the run; `continue` skips the failed node's dependents and lets
 * independent branches finish.
 */
export async function dagWorkflow(spec: DagSpec): Promise<DagResult> {
  assertValidSpec('dag', spec);
  const maxConcurrency = spec.maxConcurrency ?? DEFAULTS.dagMaxConcurrency;
  const continueOnFailure = spec.onNodeFailure === 'continue';
  const nodes: Record<string, NodeOutcome> = {};
  for (const n of spec.nodes) nodes[n.id] = { status: 'pending', startedAt: null, finishedAt: null };
  const outputs = new Map<string, unknown>();
  setHandler(progressQuery, () => ({
    nodes: Object.fromEntries(
      Object.entries(nodes).map(([id, { status, startedAt, finishedAt, error }]) => [
        id,
        { status, startedAt, finishedAt, ...(error ? { error } : {}) },
      ]),
    ),
  }));

  const running = new Map<string, { scope: CancellationScope; done: Promise<void> }>();
  let firstFailure: { id: string; error: string } | undefined;

  const ready = (n: DagNode) =>
    nodes[n.id]!.status === 'pending' && (n.dependsOn ?? []).every((d) => nodes[d]!.status === 'succeeded');

  const fail = (id: string, error: string) => {
    Object.assign(nodes[id]!, { status: 'failed', error, finishedAt: iso() });
    if (!continueOnFailure) {
      firstFailure ??= { id, error };
      return;
    }
    for (const dep of dependentsOf(spec.nodes, id)) {
      if (nodes[dep]!.status === 'pending') nodes[dep]!.status = 'skipped';
    }
  };

  const start = (n: DagNode) => {
    const outcome = nodes[n.id]!;
    Object.assign(outcome, { status: 'running', startedAt: iso() });
    let input: unknown;
    try {
      input = 'pattern' in n ? undefined : resolveRefs(n.input, outputs);
    } catch (err) {
      if (!(err instanceof RefError)) throw err;
      fail(n.id, err.message);
      return;
    }
    const scope = new CancellationScope();
    const done = scope
      .run(() => runTask(n, n.id, input))
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
    for (const n of spec.nodes) {
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
      'NodeFailed',
      {
        nodes,
      },
    );
  }
  return { nodes };
}
