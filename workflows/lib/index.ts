// The workflow library: the parallel patterns as functions any workflow can call. Workflow
// code only (deterministic); import it from a workflow file as `parallel-ai-temporal/workflow`.
export { runActivity, runActivityNamed } from './activity-runner.js';
export type { ActivityOverrides } from './activity-runner.js';
export type { ActivityFunctions, ActivityInput, ActivityOutput } from './activity-types.js';
export { scatterGather } from './scatter-gather.js';
export type { GatherOutcome, GatherTask, ScatterGatherOptions } from './scatter-gather.js';
export { aggregateOutcomes, canonicalJson, majorityVote, pickField } from './aggregate.js';
export type { Candidate } from './aggregate.js';
export { runGraph } from './graph.js';
export type { GraphNode, GraphOptions } from './graph.js';
export { runDag } from './dag.js';
export type { DagOptions } from './dag.js';
export { forEach } from './for-each.js';
export type { ForEachOptions, ForEachResult } from './for-each.js';
export { mapReduce } from './map-reduce.js';
export { runChild, runTask, failureMessage } from './run-task.js';
export { runUsage, recordUsage } from './usage-tracker.js';
export { runBounded } from './concurrency.js';
export { liveRun, liveBranch, publishLive, liveTokenTarget } from './live.js';
export { awaitApproval } from './approvals.js';
export { agentLoop, listTools } from './agent-loop.js';
export type { AgentLoopOptions, AgentLoopResult, AgentLoopState } from './agent-loop.js';
export * from '../contracts/index.js';
