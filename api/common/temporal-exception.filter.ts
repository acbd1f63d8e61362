import { Catch, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { ArgumentsHost, ExceptionFilter } from '@nestjs/common';
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
} from '@temporalio/client';
import { NamespaceNotFoundError } from '@temporalio/common';
import type { FastifyReply } from 'fastify';
import { GRPC, grpcCodeOf } from './grpc-codes.js';

/** True for errors that mean Temporal could not be reached in time (a 503, not the caller's fault). */
export function isUnavailable(err: unknown): boolean {
  const code = grpcCodeOf(err);
  return code === GRPC.UNAVAILABLE || code === GRPC.DEADLINE_EXCEEDED;
}

function statusOf(err: unknown): { status: number; message: string } {
  if (err instanceof WorkflowNotFoundError) return { status: HttpStatus.NOT_FOUND, message: err.message };
  if (err instanceof WorkflowExecutionAlreadyStartedError)
    return { status: HttpStatus.CONFLICT, message: err.message };
  if (err instanceof NamespaceNotFoundError)
    return { status: HttpStatus.SERVICE_UNAVAILABLE, message: err.message };
  if (err instanceof ServiceError) {
    const code = grpcCodeOf(err);
    if (code === GRPC.NOT_FOUND) return { status: HttpStatus.NOT_FOUND, message: err.message };
    if (code === GRPC.INVALID_ARGUMENT) return { status: HttpStatus.BAD_REQUEST, message: err.message };
    if (code === GRPC.UNAVAILABLE || code === GRPC.DEADLINE_EXCEEDED) {
      return { status: HttpStatus.SERVICE_UNAVAILABLE, message: `Temporal is unreachable: ${err.message}` };
    }
  }
  // A raw gRPC error (from a workflowService call) carries its code directly.
  if (isUnavailable(err)) {
    return {
      status: HttpStatus.SERVICE_UNAVAILABLE,
      message: `Temporal is unreachable: ${(err as Error).message}`,
    };
  }
  return { status: HttpStatus.INTERNAL_SERVER_ERROR, message: 'internal error' };
}

/** Maps Temporal client errors onto HTTP statuses; anything unforeseen is logged with its stack. */
@Catch()
export class TemporalExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<FastifyReply>();
    // An event stream took its reply over (hijacked): its errors are events, not answers.
    if (res.sent) return;
    if (err instanceof HttpException) {
      // Nest's own shape, details included (terminus puts the per-check report here).
      const body = err.getResponse();
      res
        .status(err.getStatus())
        .send(typeof body === 'string' ? { statusCode: err.getStatus(), message: body } : body);
      return;
    }
    const { status, message } = statusOf(err);
    if (status >= 500) this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
    res.status(status).send({ statusCode: status, error: HttpStatus[status] ?? 'Error', message });
  }
}
