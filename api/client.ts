// Client-side entry point (`parallel-ai-temporal/client`): start this project's workflows from
// one's own Node code with a Temporal client, validated exactly as the HTTP API does.
import { randomUUID } from 'node:crypto';
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  DEFAULT_TASK_QUEUE_PREFIX,
  PATTERN_WORKFLOW_TYPES,
  routingMemo,
  taskQueueNames,
} from '../workflows/contracts/index.js';
import { specProblems } from '../workflows/contracts/patterns/spec-schema.js';
import type { DagSpec, MapReduceSpec, PatternKind, ScatterGatherSpec } from '../workflows/contracts/index.js';

export * from '../workflows/contracts/index.js';
export { patternSpecSchemas, specProblems } from '../workflows/contracts/patterns/spec-schema.js';
export type { AdmissionContext } from '../workflows/contracts/patterns/spec-schema.js';

export interface StartOptions {
  /** The deployment's task-queue prefix (TASK_QUEUE_PREFIX); default "parallel-ai". */
  taskQueuePrefix?: string;
  workflowId?: string;
  /** Model names the deployment serves, to reject unknown ones before starting. */
  knownModels?: readonly string[];
  /** Its embedding-only model (LLM_EMBEDDING_MODEL), accepted by llm.embed and llm.consensus only. */
  embeddingModels?: readonly string[];
}

/** Thrown before anything starts when a spec is invalid; `problems` are "path: message" lines. */
export class InvalidSpecError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid spec: ${problems.join('; ')}`);
    this.name = 'InvalidSpecError';
  }
}

type SpecOf<K extends PatternKind> = K extends 'map-reduce'
  ? MapReduceSpec
  : K extends 'scatter-gather'
    ? ScatterGatherSpec
    : DagSpec;

/** Validates a pattern spec and starts its workflow on the deployment's queues. */
export async function startPattern<K extends PatternKind>(
  client: Client,
  kind: K,
  spec: SpecOf<K>,
  options: StartOptions = {},
): Promise<WorkflowHandle> {
  const problems = specProblems(
    kind,
    spec,
    options.knownModels
      ? { knownModels: options.knownModels, embeddingModels: options.embeddingModels ?? [] }
      : {},
  );
  if (problems.length > 0) throw new InvalidSpecError(problems);
  const prefix = options.taskQueuePrefix ?? DEFAULT_TASK_QUEUE_PREFIX;
  return client.workflow.start(PATTERN_WORKFLOW_TYPES[kind], {
    taskQueue: taskQueueNames(prefix).workflows,
    workflowId: options.workflowId ?? `${kind}-${randomUUID()}`,
    args: [spec],
    memo: routingMemo(prefix),
  });
}
