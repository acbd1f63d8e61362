import { ConflictException, Injectable } from '@nestjs/common';
import { WorkflowFailedError } from '@temporalio/client';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { decodeFromPayloadsAtIndex } from '@temporalio/common/lib/internal-non-workflow/index.js';
import { progressQuery } from '../../workflows/contracts/index.js';
import { OwnedRunsService } from '../temporal/owned-runs.service.js';
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

/**
 * Read-side of the API: describe, progress, result, cancel, list. Only this deployment's runs
 * (on its workflow task queue, as every run it starts and their children are): any other id in
 * the namespace is a 404, as if it did not exist.
 */
@Injectable()
export class WorkflowInspectorService {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly owned: OwnedRunsService,
  ) {}

  private handle(workflowId: string) {
    return this.temporal.client.workflow.getHandle(workflowId);
  }

  /** The run's description, or a 404 when it is not one of this deployment's. */
  private ours(workflowId: string): Promise<WorkflowExecutionDescription> {
    return this.owned.describe(workflowId);
  }

  async describe(workflowId: string): Promise<WorkflowView> {
    const d = await this.ours(workflowId);
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
    return this.temporal
      .call(() => this.handle(workflowId).query(progressQuery), PROGRESS_QUERY_TIMEOUT_MS)
      .catch(() => undefined);
  }

  /**
   * What the run was started with: the input of the first run of its chain (a run that continued
   * as new carries its state in later inputs; its structure is in the first).
   */
  async input(
    workflowId: string,
  ): Promise<{ workflowId: string; runId: string; type: string; input: unknown }> {
    const d = await this.ours(workflowId);
    const runId = d.raw.workflowExecutionInfo?.firstRunId || d.runId;
    const page = await this.temporal.call(() =>
      this.temporal.client.workflowService.getWorkflowExecutionHistory({
        namespace: this.temporal.config.temporal.namespace,
        execution: { workflowId, runId },
        maximumPageSize: 1,
      }),
    );
    const payloads = page.history?.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads;
    const input = await decodeFromPayloadsAtIndex<unknown>(
      this.temporal.client.options.loadedDataConverter,
      0,
      payloads,
    );
    return { workflowId, runId, type: d.type, input: input ?? null };
  }

  async result(workflowId: string, waitMs: number): Promise<ResultView> {
    const handle = this.handle(workflowId);
    const d = await this.ours(workflowId);
    if (d.status.name === 'RUNNING' && waitMs <= 0) return { httpStatus: 202, body: { status: 'RUNNING' } };
    const running = d.status.name === 'RUNNING';
    // Waiting ends by aborting the long poll itself, so no call outlives its request. A closed
    // run's outcome is already in history: it gets the ordinary deadline.
    const abort = new AbortController();
    const timer = setTimeout(
      () => abort.abort(),
      running ? Math.min(waitMs, MAX_RESULT_WAIT_MS) : this.temporal.config.api.temporalCallTimeoutMs,
    );
    try {
      // result() follows continue-as-new chains to the final run.
      const result: unknown = await this.temporal.connection.withAbortSignal(abort.signal, () =>
        handle.result(),
      );
      return { httpStatus: 200, body: { status: 'COMPLETED', result } };
    } catch (err) {
      if (abort.signal.aborted && running) return { httpStatus: 202, body: { status: 'RUNNING' } };
      if (abort.signal.aborted) throw err;
      const final = await this.temporal.call(() => handle.describe());
      return { httpStatus: 200, body: { status: final.status.name, error: failureOf(err) } };
    } finally {
      clearTimeout(timer);
    }
  }

  async cancel(workflowId: string): Promise<{ workflowId: string; status: string }> {
    const d = await this.ours(workflowId);
    if (d.status.name !== 'RUNNING') {
      throw new ConflictException(`workflow ${workflowId} is not running (status ${d.status.name})`);
    }
    await this.temporal.call(() => this.handle(workflowId).cancel());
    return { workflowId, status: 'CANCEL_REQUESTED' };
  }

  list(query: ListWorkflowsQuery): Promise<WorkflowPage> {
    return this.temporal.call(() => runsPage(this.temporal, query));
  }
}
