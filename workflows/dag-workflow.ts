import { setHandler } from '@temporalio/workflow';
import { progressQuery } from './contracts/index.js';
import type { DagResult, DagSpec, NodeOutcome } from './contracts/index.js';
import { runDag } from './lib/dag.js';
import { liveRun } from './lib/live.js';
import { runUsage } from './lib/usage-tracker.js';

/** `POST /workflows/dag`: a DAG from its JSON spec (see lib/dag.ts), with a progress query. */
export function dagWorkflow(spec: DagSpec): Promise<DagResult> {
  return liveRun(spec.stream, () => dag(spec));
}

function dag(spec: DagSpec): Promise<DagResult> {
  let nodes: Readonly<Record<string, NodeOutcome>> = {};
  setHandler(progressQuery, () => ({
    nodes: Object.fromEntries(
      Object.entries(nodes).map(([id, { status, startedAt, finishedAt, error, items }]) => [
        id,
        { status, startedAt, finishedAt, ...(error ? { error } : {}), ...(items ? { items } : {}) },
      ]),
    ),
    usage: runUsage(),
  }));
  return runDag(spec, { onProgress: (live) => (nodes = live) });
}
