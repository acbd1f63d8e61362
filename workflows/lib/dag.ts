import type { DagNode, DagResult, DagSpec, NodeOutcome } from '../contracts/index.js';
import { DEFAULTS } from '../contracts/index.js';
import { runForEachNode } from './for-each-node.js';
import { runGraph } from './graph.js';
import type { GraphNode } from './graph.js';
import { bodyOf, resolveBody } from './resolve-task.js';
import { assertValidSpec, runTask } from './run-task.js';
import { runUsage } from './usage-tracker.js';

/** A DAG node of a JSON spec as a graph node: markers resolved from its dependencies' outputs. */
export function dagNodeRunner(node: DagNode): GraphNode {
  return {
    id: node.id,
    ...(node.dependsOn ? { dependsOn: node.dependsOn } : {}),
    run: (outputs, outcome, path) =>
      node.forEach !== undefined
        ? runForEachNode(node, outputs, outcome)
        : runTask(resolveBody(bodyOf(node), { outputs }, true), node.id, path),
  };
}

export interface DagOptions {
  onProgress?: (nodes: Readonly<Record<string, NodeOutcome>>) => void;
}

/**
 * Runs a DAG given as a JSON spec (validated first): markers in node inputs take upstream
 * outputs, forEach nodes fan out over upstream lists, nested patterns run as child runs.
 */
export async function runDag(spec: DagSpec, options: DagOptions = {}): Promise<DagResult> {
  assertValidSpec('dag', spec);
  const nodes = await runGraph(spec.nodes.map(dagNodeRunner), {
    maxConcurrency: spec.maxConcurrency ?? DEFAULTS.dagMaxConcurrency,
    onNodeFailure: spec.onNodeFailure ?? 'fail',
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return { nodes, usage: runUsage() };
}
