import { WORKFLOW_TYPES } from '../contracts/index.js';
import type { MapReduceResult, MapReduceSpec } from '../contracts/index.js';
import { runChild } from './run-task.js';

let calls = 0;

/**
 * Runs a map-reduce as a child run (the engine continues as new and splits into a tree of
 * child runs, which only a workflow of its own may do). Its usage joins this run's.
 * `key` names the child (`<this workflow id>/<key>`); by default map-reduce-1, -2, ...
 */
export function mapReduce(spec: MapReduceSpec, key = `map-reduce-${++calls}`): Promise<MapReduceResult> {
  return runChild<MapReduceResult>(WORKFLOW_TYPES.mapReduce, key, [spec]);
}
