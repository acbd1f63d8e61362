import type { Usage } from '../usage.js';

/** What every pipeline's progress query answers: the stage it is in and its tasks so far. */
export interface PipelineProgress {
  stage: string;
  done: number;
  total: number;
  failed: number;
  usage: Usage;
}
