import { STATUS_CODES } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * Refuses a request from a Fastify hook with the body Nest's exceptions give
 * (`{ statusCode, error, message }`): a hook answers before Nest's exception filter could.
 */
export function sendHttpError(reply: FastifyReply, status: number, message: string | string[]): FastifyReply {
  return reply.code(status).send({ statusCode: status, error: STATUS_CODES[status] ?? 'Error', message });
}
