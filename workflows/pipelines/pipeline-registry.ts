// Every pipeline the API serves, in the order its document lists them. Adding a pipeline is its
// folder, one line here and its tests: routes, OpenAPI, the history recorder's scenarios, the
// pipeline benchmark and the replay-coverage test all read this list.
import type { PipelineDescriptor } from './pipeline-descriptor.js';
import { agentsPipeline } from './agents/agents.pipeline.js';
import { batchPipeline } from './batch/batch.pipeline.js';
import { consensusPipeline } from './consensus/consensus.pipeline.js';
import { decisionPipeline } from './decision/decision.pipeline.js';
import { perspectivesPipeline } from './perspectives/perspectives.pipeline.js';
import { reasoningPipeline } from './reasoning/reasoning.pipeline.js';
import { researchIndexPipeline, researchPipeline } from './research/research.pipeline.js';

export const PIPELINES: readonly PipelineDescriptor[] = [
  consensusPipeline,
  perspectivesPipeline,
  decisionPipeline,
  researchPipeline,
  researchIndexPipeline,
  reasoningPipeline,
  batchPipeline,
  agentsPipeline,
];
