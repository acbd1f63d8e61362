import { defineQuery } from '@temporalio/workflow';

/**
 * The pattern workflows answer this query; `GET /workflows/:id` shows its answer while a run is
 * open. The shape is pattern specific (counts for map-reduce, node states for a DAG).
 */
export type Progress = Record<string, unknown>;

export const progressQuery = defineQuery<Progress>('progress');
