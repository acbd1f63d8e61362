import type { IncomingMessage } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { pathOf, routePatternOf } from './route-pattern.js';

/**
 * One server span per HTTP request (continuing a caller's `traceparent`), active while the
 * request is handled: the Temporal client's interceptor starts its span under it and passes the
 * context to the workflow in its headers, so one trace runs from the request to every activity.
 * Installed only when tracing is on.
 */
export function installHttpTracing(fastify: FastifyInstance): void {
  const tracer = trace.getTracer('parallel-ai-api');
  const active = new WeakMap<IncomingMessage, Context>();
  fastify.addHook('onRequest', (req, reply, done) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': pathOf(req) } },
      parent,
    );
    active.set(req.raw, trace.setSpan(parent, span));
    // Ended on the raw response's close: it also comes for event streams (hijacked replies).
    reply.raw.once('close', () => {
      const route = routePatternOf(req);
      if (route) {
        span.updateName(`${req.method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', reply.raw.statusCode);
      if (reply.raw.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    done();
  });
  // The handler runs inside the span's context (the body was read in another async context).
  fastify.addHook('preHandler', (req, _reply, done) => {
    const ctx = active.get(req.raw);
    if (ctx) context.with(ctx, done);
    else done();
  });
}
