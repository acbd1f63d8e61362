import { log, setHandler } from '@temporalio/workflow';
import { progressQuery } from '../contracts/index.js';
import type { ForEachStats, PipelineProgress, TaskOutcome } from '../contracts/index.js';
import { publishLive } from './live.js';
import { runUsage } from './usage-tracker.js';

/** A pipeline's progress query: the current stage and its tasks done / total. */
export class StageProgress {
  private state = { stage: 'starting', done: 0, total: 0, failed: 0 };

  constructor() {
    setHandler(progressQuery, (): PipelineProgress & Record<string, unknown> => ({
      ...this.state,
      usage: runUsage(),
    }));
  }

  stage(stage: string, total = 0): void {
    // The workflow logger adds the workflow id, run id and type; nothing is logged on replay.
    log.info('pipeline stage', { stage, tasks: total, usage: runUsage() });
    this.state = { stage, done: 0, total, failed: 0 };
    publishLive({ type: 'stage', path: '', stage, tasks: total });
  }

  /** The current stage's counts. */
  count(total: number, done: number, failed: number): void {
    Object.assign(this.state, { total, done, failed });
  }

  /** For scatterGather's onProgress: counts the settled tasks of the current stage. */
  readonly track = (tasks: readonly TaskOutcome[]): void => {
    this.count(
      tasks.length,
      tasks.filter((t) => t.status !== 'pending' && t.status !== 'running').length,
      tasks.filter((t) => t.status === 'failed' || t.status === 'timedOut').length,
    );
  };

  /** For forEach's onProgress: its element counts. */
  readonly trackEach = (stats: Readonly<ForEachStats>): void => {
    this.count(stats.total, stats.succeeded + stats.failed, stats.failed);
  };
}
