import { defineQuery } from '@temporalio/workflow';

/**
 * Every workflow type of the project answers this query; `GET /workflows/:id` shows its answer.
 * The shape is pattern specific (counts for map-reduce, node states for a DAG).
 */
export type Progress = Record<string, unknown>;

export const progressQuery = defineQuery<Progress>('progress');
