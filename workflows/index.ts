// Every workflow type the workflow worker registers (the names are in contracts/workflow-types).
export { echoWorkflow } from './echo-workflow.js';
export { mapReduceWorkflow } from './map-reduce-workflow.js';
export { scatterGatherWorkflow } from './scatter-gather-workflow.js';
export { dagWorkflow } from './dag-workflow.js';
export { forEachWorkflow } from './for-each-workflow.js';
export { consensusPipelineWorkflow } from './pipelines/consensus-pipeline-workflow.js';
export { decisionPipelineWorkflow } from './pipelines/decision-pipeline-workflow.js';
export { perspectivesPipelineWorkflow } from './pipelines/perspectives-pipeline-workflow.js';
export { researchBriefWorkflow } from './examples/research-brief-workflow.js';
export { researchIndexWorkflow } from './pipelines/research-index-workflow.js';
export { researchPipelineWorkflow } from './pipelines/research-pipeline-workflow.js';
export { reasoningPipelineWorkflow } from './pipelines/reasoning-pipeline-workflow.js';
export { batchPipelineWorkflow } from './pipelines/batch-pipeline-workflow.js';
export { agentsPipelineWorkflow } from './pipelines/agents-pipeline-workflow.js';
export { streamPipelineWorkflow } from './pipelines/stream-pipeline-workflow.js';
