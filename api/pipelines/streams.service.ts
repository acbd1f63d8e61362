import {
  BadRequestException,
  ConflictException,
  HttpException,
  HttpStatus,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import {
  STREAM_REFUSALS,
  streamDrainUpdate,
  streamEventsUpdate,
  streamStateQuery,
  streamWorkflowId,
} from '../../workflows/contracts/index.js';
import type {
  StreamDrainAck,
  StreamEventsAck,
  StreamEventsInput,
  StreamState,
} from '../../workflows/contracts/index.js';
import { GRPC, grpcCodeOf } from '../common/grpc-codes.js';
import { OwnedRunsService } from '../temporal/owned-runs.service.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';

/** A 429 whose Retry-After (seconds) the controller sets from retryAfterMs. */
export class StreamBusyException extends HttpException {
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(
      { statusCode: HttpStatus.TOO_MANY_REQUESTS, error: 'Too Many Requests', message, retryAfterMs },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

/** A refused delivery or drain, as the HTTP answer the caller can act on. */
function refusal(name: string, err: unknown): HttpException | undefined {
  if (err instanceof WorkflowNotFoundError || grpcCodeOf(err) === GRPC.NOT_FOUND)
    return new NotFoundException(`stream "${name}" is not running`);
  // Too many Updates in flight on the run: a moment later there is room.
  if (grpcCodeOf(err) === GRPC.RESOURCE_EXHAUSTED)
    return new StreamBusyException(`stream "${name}" has too many deliveries in flight: retry`, 200);
  if (!(err instanceof WorkflowUpdateFailedError) || !(err.cause instanceof ApplicationFailure))
    return undefined;
  const failure = err.cause;
  switch (failure.type) {
    case STREAM_REFUSALS.invalid:
      return new BadRequestException(
        failure.details?.length ? (failure.details as string[]) : failure.message,
      );
    case STREAM_REFUSALS.stopping:
      return new ConflictException(failure.message);
    case STREAM_REFUSALS.bufferFull:
    case STREAM_REFUSALS.rollingOver: {
      const hint = (failure.details?.[0] as { retryAfterMs?: number } | undefined)?.retryAfterMs;
      return new StreamBusyException(failure.message, hint ?? 500);
    }
    default:
      return undefined;
  }
}

/** Deliveries, state and drain of running streams, by Update and query on `stream-<name>`. */
@Injectable()
export class StreamsService {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly owned: OwnedRunsService,
  ) {}

  /** A 404 unless the stream's run is this deployment's (deliveries and drains included). */
  private ours(name: string) {
    return this.owned.describe(streamWorkflowId(name), `stream "${name}"`);
  }

  private handle(name: string) {
    return this.temporal.client.workflow.getHandle(streamWorkflowId(name));
  }

  /** Runs an Update; a refusal by the workflow is the caller's answer, not a Temporal error. */
  private async update<T>(name: string, run: () => Promise<T>): Promise<T> {
    const outcome = await this.temporal.call(() =>
      run().then(
        (value) => ({ ok: true as const, value }),
        (err: unknown) => {
          const answer = refusal(name, err);
          if (!answer) throw err;
          return { ok: false as const, answer };
        },
      ),
    );
    if (!outcome.ok) throw outcome.answer;
    return outcome.value;
  }

  async deliver(name: string, body: StreamEventsInput): Promise<StreamEventsAck> {
    await this.ours(name);
    return this.update(name, () => this.handle(name).executeUpdate(streamEventsUpdate, { args: [body] }));
  }

  async drain(name: string): Promise<StreamDrainAck> {
    await this.ours(name);
    return this.update(name, () => this.handle(name).executeUpdate(streamDrainUpdate));
  }

  async state(name: string): Promise<StreamState & { workflowId: string }> {
    const handle = this.handle(name);
    await this.ours(name);
    const state = await this.temporal.call(() => handle.query(streamStateQuery));
    return { ...state, workflowId: handle.workflowId };
  }
}
