import type { RunModel } from './run-model';
import { branchOf } from './run-model';
import { isObject } from '../../../workflows/contracts/patterns/json-shape';

// What a run's start input says about its shape before any branch starts: a DAG's nodes and
// their edges, a scatter-gather's tasks. Everything else (pipelines' stages, agents' steps,
// nested runs) is learnt from the events as they come.

export type Edge = [from: string, to: string];

/** Adds the input's branches to the model (waiting) and returns the edges it declares. */
export function seedFromInput(m: RunModel, type: string, input: unknown): Edge[] {
  const edges: Edge[] = [];
  const add = (path: string) => void branchOf(m, path);
  if (!isObject(input)) return edges;
  if (type === 'dagWorkflow' && Array.isArray(input.nodes)) {
    for (const node of input.nodes)
      if (isObject(node) && typeof node.id === 'string') add(`nodes/${node.id}`);
    for (const node of input.nodes) {
      if (!isObject(node) || typeof node.id !== 'string' || !Array.isArray(node.dependsOn)) continue;
      for (const dep of node.dependsOn)
        if (typeof dep === 'string') edges.push([`nodes/${dep}`, `nodes/${node.id}`]);
    }
  }
  if (type === 'scatterGatherWorkflow' && Array.isArray(input.tasks))
    for (const task of input.tasks)
      if (isObject(task) && typeof task.id === 'string') add(`tasks/${task.id}`);
  return edges;
}
