import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * Bearer-key authentication for every route but the public ones. Keys are compared as SHA-256
 * digests with timingSafeEqual, so neither a key's length nor its content leaks through timing.
 */
export function apiKeyMiddleware(keys: readonly string[], publicPaths: readonly RegExp[]) {
  const accepted = keys.map(digest);
  return (req: Request, res: Response, next: NextFunction): void => {
    if (publicPaths.some((p) => p.test(req.path))) return next();
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const given = match ? digest(match[1]!) : undefined;
    let ok = false;
    for (const key of accepted) if (given && timingSafeEqual(given, key)) ok = true;
    if (ok) return next();
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
