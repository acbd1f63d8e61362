// Every workflow type the workflow worker registers (the names are in contracts/workflow-types).
export { echoWorkflow } from './echo-workflow.js';
export { mapReduceWorkflow } from './map-reduce-workflow.js';
export { scatterGatherWorkflow } from './scatter-gather-workflow.js';
export { dagWorkflow } from './dag-workflow.js';
export { forEachWorkflow } from './for-each-workflow.js';
export { consensusPipelineWorkflow } from './pipelines/consensus/consensus-pipeline-workflow.js';
export { decisionPipelineWorkflow } from './pipelines/decision/decision-pipeline-workflow.js';
export { perspectivesPipelineWorkflow } from './pipelines/perspectives/perspectives-pipeline-workflow.js';
export { researchBriefWorkflow } from './examples/research-brief-workflow.js';
export { researchIndexWorkflow } from './pipelines/research/research-index-workflow.js';
export { researchPipelineWorkflow } from './pipelines/research/research-pipeline-workflow.js';
export { reasoningPipelineWorkflow } from './pipelines/reasoning/reasoning-pipeline-workflow.js';
export { batchPipelineWorkflow } from './pipelines/batch/batch-pipeline-workflow.js';
export { agentsPipelineWorkflow } from './pipelines/agents/agents-pipeline-workflow.js';
export { streamPipelineWorkflow } from './pipelines/stream/stream-pipeline-workflow.js';
export { agentWorkflow } from './agent/agent-workflow.js';
export { toolCatalogWorkflow } from './tool-catalog-workflow.js';
