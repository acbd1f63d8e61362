import { ConflictException, Injectable } from '@nestjs/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { progressQuery } from '../../workflows/contracts/index.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { runsPage } from './list-workflows.js';
import type { ListWorkflowsQuery, WorkflowPage } from './list-workflows.js';

const PROGRESS_QUERY_TIMEOUT_MS = 2_000;
const MAX_RESULT_WAIT_MS = 60_000;

export interface WorkflowView {
  workflowId: string;
  runId: string;
  type: string;
  status: string;
  taskQueue: string;
  startTime: string;
  closeTime: string | null;
  historyLength: number;
  webUiUrl: string | undefined;
  progress?: unknown;
}

export type ResultView =
  | { httpStatus: 200; body: { status: 'COMPLETED'; result: unknown } }
  | { httpStatus: 200; body: { status: string; error: { message: string; type?: string; cause?: string } } }
  | { httpStatus: 202; body: { status: 'RUNNING' } };

function failureOf(err: unknown): { message: string; type?: string; cause?: string } {
  if (err instanceof WorkflowFailedError) {
    const cause = err.cause;
    const inner = cause?.cause as Error | undefined;
    return {
      message: cause?.message ?? err.message,
      ...(cause ? { type: cause.name } : {}),
      ...(inner ? { cause: inner.message } : {}),
    };
  }
  return { message: (err as Error).message };
}

/** Read-side of the API for any workflow id: describe, progress, result, cancel, list. */
@Injectable()
export class WorkflowInspectorService {
  constructor(private readonly temporal: TemporalClientService) {}

  private handle(workflowId: string) {
    return this.temporal.client.workflow.getHandle(workflowId);
  }

  async describe(workflowId: string): Promise<WorkflowView> {
    const d: WorkflowExecutionDescription = await this.handle(workflowId).describe();
    const view: WorkflowView = {
      workflowId: d.workflowId,
      runId: d.runId,
      type: d.type,
      status: d.status.name,
      taskQueue: d.taskQueue,
      startTime: d.startTime.toISOString(),
      closeTime: d.closeTime?.toISOString() ?? null,
      historyLength: d.historyLength,
      webUiUrl: this.temporal.webUiLink(d.workflowId, d.runId),
    };
    const progress = await this.progress(workflowId, d.status.name === 'RUNNING');
    return progress === undefined ? view : { ...view, progress };
  }

  /** The workflow's progress query, when it has one and a worker answers in time. */
  private async progress(workflowId: string, running: boolean): Promise<unknown> {
    if (!running) return undefined;
    const query = this.handle(workflowId).query(progressQuery);
    const timeout = new Promise<undefined>((r) =>
      setTimeout(() => r(undefined), PROGRESS_QUERY_TIMEOUT_MS).unref(),
    );
    return Promise.race([query, timeout]).catch(() => undefined);
  }

  async result(workflowId: string, waitMs: number): Promise<ResultView> {
    const handle = this.handle(workflowId);
    const d = await handle.describe();
    if (d.status.name === 'RUNNING' && waitMs <= 0) return { httpStatus: 202, body: { status: 'RUNNING' } };
    // A closed run's outcome is already in history: fetch it without a deadline.
    const wait = d.status.name === 'RUNNING' ? Math.min(waitMs, MAX_RESULT_WAIT_MS) : 2 ** 31 - 1;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((r) => {
      timer = setTimeout(() => r('timeout'), wait);
    });
    try {
      // result() follows continue-as-new chains to the final run.
      const outcome = await Promise.race([handle.result().then((result: unknown) => ({ result })), timeout]);
      if (outcome === 'timeout') return { httpStatus: 202, body: { status: 'RUNNING' } };
      return { httpStatus: 200, body: { status: 'COMPLETED', result: outcome.result } };
    } catch (err) {
      const final = await handle.describe();
      return { httpStatus: 200, body: { status: final.status.name, error: failureOf(err) } };
    } finally {
      clearTimeout(timer);
    }
  }

  async cancel(workflowId: string): Promise<{ workflowId: string; status: string }> {
    const handle = this.handle(workflowId);
    const d = await handle.describe();
    if (d.status.name !== 'RUNNING') {
      throw new ConflictException(`workflow ${workflowId} is not running (status ${d.status.name})`);
    }
    await handle.cancel();
    return { workflowId, status: 'CANCEL_REQUESTED' };
  }

  list(query: ListWorkflowsQuery): Promise<WorkflowPage> {
    return runsPage(this.temporal, query);
  }
}
