import { ApplicationFailure } from '@temporalio/workflow';
import type {
  DagApprovalNode,
  DagApprovalOutput,
  DagNode,
  DagResult,
  DagSpec,
  NodeOutcome,
} from '../contracts/index.js';
import { DEFAULTS, resolveMarkers } from '../contracts/index.js';
import { awaitApproval } from './approvals.js';
import { runForEachNode } from './for-each-node.js';
import { runGraph } from './graph.js';
import type { GraphNode } from './graph.js';
import { bodyOf, resolveBody } from './resolve-task.js';
import { assertValidSpec, runTask } from './run-task.js';
import { runUsage } from './usage-tracker.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

/** A DAG node of a JSON spec as a graph node: markers resolved from its dependencies' outputs. */
export function dagNodeRunner(node: DagNode): GraphNode {
  if ('approval' in node) return approvalNodeRunner(node);
  return {
    id: node.id,
    ...(node.dependsOn ? { dependsOn: node.dependsOn } : {}),
    run: (outputs, outcome, path) =>
      node.forEach !== undefined
        ? runForEachNode(node, outputs, outcome)
        : runTask(resolveBody(bodyOf(node), { outputs }, true), node.id, path),
  };
}

/**
 * An approval node: waits for a person (see awaitApproval), its details resolved from its
 * dependencies. A rejection fails the node (so onNodeFailure decides what follows); its output
 * is the decision, with `value` the person's edits when given, else the details.
 */
function approvalNodeRunner(node: DagApprovalNode): GraphNode {
  return {
    id: node.id,
    ...(node.dependsOn ? { dependsOn: node.dependsOn } : {}),
    run: async (outputs): Promise<DagApprovalOutput> => {
      const { title, details, timeoutMs, onTimeout } = node.approval;
      const resolved = resolveMarkers(details, { outputs }, { strict: true, legacyRef: true });
      const decision = await awaitApproval({
        id: node.id,
        title,
        ...(resolved !== undefined ? { details: resolved } : {}),
        ...(timeoutMs !== undefined ? { timeoutMs } : {}),
        ...(onTimeout !== undefined ? { onTimeout } : {}),
      });
      if (!decision.approved)
        throw ApplicationFailure.nonRetryable(
          `rejected by ${decision.by}${decision.comment ? `: ${decision.comment}` : ''}`,
          ERROR_TYPES.ApprovalRejected,
          decision,
        );
      return { ...decision, value: decision.edits !== undefined ? decision.edits : resolved };
    },
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
