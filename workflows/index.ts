// Every workflow type the workflow worker registers. Queries are answered by each workflow.
export { echoWorkflow } from './echo-workflow.js';
