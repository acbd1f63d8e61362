import type { NextFunction, Request, Response } from 'express';

/** A request body in anything but JSON is a 415 that says what to send, not a confusing 400. */
export function requireJsonBodies(req: Request, res: Response, next: NextFunction): void {
  const hasBody =
    Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody || req.is('application/json')) return next();
  res.status(415).json({
    statusCode: 415,
    error: 'Unsupported Media Type',
    message: `the body must be JSON sent with "Content-Type: application/json" (got ${req.headers['content-type'] ?? 'no Content-Type'})`,
  });
}
