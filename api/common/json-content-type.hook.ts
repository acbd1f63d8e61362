import type { FastifyReply, FastifyRequest } from 'fastify';
import { sendHttpError } from './http-error-reply.js';

/** A request body in anything but JSON is a 415 that says what to send, not a confusing 400. */
export async function requireJsonBodies(req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  const type = req.headers['content-type'];
  const essence = type?.split(';', 1)[0]!.trim().toLowerCase();
  // Fastify refuses an empty body sent as JSON; body-less POSTs (cancel, drain) often carry the
  // header anyway, so it is dropped where there is no body to parse.
  if (!hasBody) delete req.headers['content-type'];
  if (!hasBody || essence === 'application/json') return;
  await sendHttpError(
    reply,
    415,
    `the body must be JSON sent with "Content-Type: application/json" (got ${type ?? 'no Content-Type'})`,
  );
}
