import type { FastifyReply, FastifyRequest } from 'fastify';
import { depthBeyond, LIMITS } from '../../workflows/contracts/index.js';
import { sendHttpError } from './http-error-reply.js';

/**
 * Every JSON body, on every route, nested at most LIMITS.jsonDepth levels: past it a 400 names
 * where. Checked once here (a preValidation hook, so after parsing), before any handler, schema
 * or size check walks the body recursively (thousands of levels overflowed a recursive walk, or
 * the payload converter, with a 500).
 */
export async function limitJsonDepth(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object') return;
  const at = depthBeyond(body, LIMITS.jsonDepth, 'body');
  if (at === undefined) return;
  await sendHttpError(reply, 400, [`${at}: is nested deeper than ${LIMITS.jsonDepth} levels`]);
}
