import { Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { WorkflowExecutionDescription } from '@temporalio/client';
import { GRPC, grpcCodeOf } from '../common/grpc-codes.js';
import { TemporalClientService } from './temporal-client.service.js';

/**
 * The one ownership guard for every operation on a run addressed by id or name (describe,
 * result, cancel, a stream's deliveries, drain and state): a run that is not on this
 * deployment's workflow task queue (another task-queue prefix in the same namespace) is a 404,
 * exactly as if it did not exist.
 */
@Injectable()
export class OwnedRunsService {
  constructor(private readonly temporal: TemporalClientService) {}

  /** The run's description, or a 404 saying `what` was not found. */
  async describe(workflowId: string, what = `workflow ${workflowId}`): Promise<WorkflowExecutionDescription> {
    const d = await this.temporal
      .call(() => this.temporal.client.workflow.getHandle(workflowId).describe())
      .catch((err: unknown) => {
        if (err instanceof WorkflowNotFoundError || grpcCodeOf(err) === GRPC.NOT_FOUND)
          throw new NotFoundException(`${what} not found`);
        throw err;
      });
    if (d.taskQueue !== this.temporal.queues.workflows) throw new NotFoundException(`${what} not found`);
    return d;
  }
}
