import type { PatternKind } from './patterns/spec-walk.js';

// Workflow type names as registered by the workflow worker (the exported function names).
export const WORKFLOW_TYPES = {
  echo: 'echoWorkflow',
  mapReduce: 'mapReduceWorkflow',
  scatterGather: 'scatterGatherWorkflow',
  dag: 'dagWorkflow',
  /** Internal: one chunk of a large DAG forEach. */
  forEach: 'forEachWorkflow',
  consensusPipeline: 'consensusPipelineWorkflow',
  decisionPipeline: 'decisionPipelineWorkflow',
  perspectivesPipeline: 'perspectivesPipelineWorkflow',
  researchPipeline: 'researchPipelineWorkflow',
  reasoningPipeline: 'reasoningPipelineWorkflow',
  batchPipeline: 'batchPipelineWorkflow',
  agentsPipeline: 'agentsPipelineWorkflow',
  streamPipeline: 'streamPipelineWorkflow',
  /** Builds a collection's research index (or finds it current); also run by the research pipeline. */
  researchIndex: 'researchIndexWorkflow',
  /** One agent with tools: a durable loop of model turns and tool calls. */
  agent: 'agentWorkflow',
  /** The tools the deployment offers (GET /tools). */
  toolCatalog: 'toolCatalogWorkflow',
  /** The README's example of a workflow of one's own. */
  researchBrief: 'researchBriefWorkflow',
} as const;

export type WorkflowTypeName = (typeof WORKFLOW_TYPES)[keyof typeof WORKFLOW_TYPES];

export const PATTERN_WORKFLOW_TYPES: Record<PatternKind, WorkflowTypeName> = {
  'map-reduce': WORKFLOW_TYPES.mapReduce,
  'scatter-gather': WORKFLOW_TYPES.scatterGather,
  dag: WORKFLOW_TYPES.dag,
};
