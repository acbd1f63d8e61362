import type { NextFunction, Request, Response } from 'express';
import { depthBeyond, LIMITS } from '../../workflows/contracts/index.js';

/**
 * Every JSON body, on every route, nested at most LIMITS.jsonDepth levels: past it a 400 names
 * where. Checked once here, before any handler, schema or size check walks the body recursively
 * (thousands of levels overflowed a recursive walk, or the payload converter, with a 500).
 */
export function limitJsonDepth(req: Request, res: Response, next: NextFunction): void {
  const body: unknown = req.body;
  if (body === null || typeof body !== 'object') return next();
  const at = depthBeyond(body, LIMITS.jsonDepth, 'body');
  if (at === undefined) return next();
  res.status(400).json({
    statusCode: 400,
    error: 'Bad Request',
    message: [`${at}: is nested deeper than ${LIMITS.jsonDepth} levels`],
  });
}
