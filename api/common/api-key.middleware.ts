import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { ApiKey } from '../../config/app-config.js';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Where the middleware leaves the name of the key a request came with (res.locals). */
export const API_KEY_NAME = 'apiKeyName';

/** Who sent a request: its API key's name, or "anonymous" when the API runs without keys. */
export function callerName(res: Response): string {
  const name: unknown = res.locals[API_KEY_NAME];
  return typeof name === 'string' ? name : 'anonymous';
}

/**
 * Bearer-key authentication for every route but the public ones. Keys are compared as SHA-256
 * digests with timingSafeEqual, so neither a key's length nor its content leaks through timing.
 */
export function apiKeyMiddleware(keys: readonly ApiKey[], publicPaths: readonly RegExp[]) {
  const accepted = keys.map(({ name, key }) => ({ name, digest: digest(key) }));
  return (req: Request, res: Response, next: NextFunction): void => {
    if (publicPaths.some((p) => p.test(req.path))) return next();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const given = match ? digest(match[1]!) : undefined;
    let name: string | undefined;
    for (const key of accepted) if (given && timingSafeEqual(given, key.digest)) name = key.name;
    if (name !== undefined) {
      res.locals[API_KEY_NAME] = name;
      return next();
    }
    res
      .status(401)
      .set('WWW-Authenticate', 'Bearer')
      .json({
        statusCode: 401,
        error: 'Unauthorized',
        message: header
          ? 'the API key is not valid'
          : 'an API key is required: send "Authorization: Bearer <key>" (keys are set with API_KEYS)',
      });
  };
}
