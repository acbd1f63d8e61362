import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { routePatternOf } from './route-pattern.js';

/**
 * One server span per HTTP request (continuing a caller's `traceparent`), active while the
 * request is handled: the Temporal client's interceptor starts its span under it and passes the
 * context to the workflow in its headers, so one trace runs from the request to every activity.
 * Installed only when tracing is on.
 */
export function httpTracing() {
  const tracer = trace.getTracer('parallel-ai-api');
  return (req: Request, res: Response, next: NextFunction): void => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': req.path } },
      parent,
    );
    res.on('finish', () => {
      const route = routePatternOf(req);
      if (route) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    context.with(trace.setSpan(parent, span), next);
  };
}
