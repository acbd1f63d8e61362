import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKey } from '../../config/app-config.js';
import { sendHttpError } from './http-error-reply.js';
import { pathOf } from './route-pattern.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** The name of the key each request came with, by its raw request (gone with the request). */
const keyNames = new WeakMap<IncomingMessage, string>();

/** Who sent a request: its API key's name, or "anonymous" when the API runs without keys. */
export function callerName(req: FastifyRequest): string {
  return keyNames.get(req.raw) ?? 'anonymous';
}

/**
 * Bearer-key authentication (an onRequest hook) for every route but the public ones. Keys are
 * compared as SHA-256 digests with timingSafeEqual, so neither a key's length nor its content
 * leaks through timing.
 */
export function apiKeyHook(keys: readonly ApiKey[], publicPaths: readonly RegExp[]) {
  const accepted = keys.map(({ name, key }) => ({ name, digest: digest(key) }));
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const path = pathOf(req);
    if (publicPaths.some((p) => p.test(path))) return;
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const given = match ? digest(match[1]!) : undefined;
    let name: string | undefined;
    for (const key of accepted) if (given && timingSafeEqual(given, key.digest)) name = key.name;
    if (name !== undefined) {
      keyNames.set(req.raw, name);
      return;
    }
    await sendHttpError(
      reply.header('WWW-Authenticate', 'Bearer'),
      401,
      header
        ? 'the API key is not valid'
        : 'an API key is required: send "Authorization: Bearer <key>" (keys are set with API_KEYS)',
    );
  };
}
