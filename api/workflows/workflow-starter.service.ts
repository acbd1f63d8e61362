import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { routingMemo } from '../../workflows/contracts/index.js';
import type { WorkflowTypeName } from '../../workflows/contracts/index.js';
import { ApiMetrics } from '../metrics/api-metrics.js';
import { priorityOf } from '../common/run-scheduling.js';
import type { RunScheduling } from '../common/run-scheduling.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';

export interface StartedWorkflow {
  workflowId: string;
  runId: string;
  type: string;
  links: { self: string; result: string; stream: string; webUi: string | undefined };
}

/** Starts project workflows on the workflow task queue (their type says their pattern). */
@Injectable()
export class WorkflowStarterService {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly metrics: ApiMetrics,
  ) {}

  /**
   * Starts a run; its id is `<idPrefix>-<uuid>` unless the caller names it (a stream's id is its
   * name). Its priority and fairness, if any, reach its activities and child runs by inheritance.
   */
  async start(
    type: WorkflowTypeName,
    idPrefix: string,
    input: unknown,
    options: { workflowId?: string; scheduling?: RunScheduling } = {},
  ): Promise<StartedWorkflow> {
    const workflowId = options.workflowId ?? `${idPrefix}-${randomUUID()}`;
    const priority = priorityOf(options.scheduling);
    const handle = await this.temporal.call(() =>
      this.temporal.client.workflow.start(type, {
        workflowId,
        taskQueue: this.temporal.queues.workflows,
        args: [input],
        ...(priority ? { priority } : {}),
        memo: routingMemo(this.temporal.config.taskQueuePrefix),
      }),
    );
    this.metrics.workflowStarted(type);
    const self = `/workflows/${encodeURIComponent(workflowId)}`;
    return {
      workflowId,
      runId: handle.firstExecutionRunId,
      type,
      links: {
        self,
        result: `${self}/result`,
        stream: `${self}/stream`,
        webUi: this.temporal.webUiLink(workflowId, handle.firstExecutionRunId),
      },
    };
  }
}
