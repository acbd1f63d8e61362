import type { IncomingMessage } from 'node:http';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context, Span } from '@opentelemetry/api';
import type { FastifyInstance } from 'fastify';
import { pathOf } from './api-key.middleware.js';
import { routePatternOf } from './route-pattern.js';

/**
 * One server span per HTTP request (continuing a caller's `traceparent`), active while the
 * request is handled: the Temporal client's interceptor starts its span under it and passes the
 * context to the workflow in its headers, so one trace runs from the request to every activity.
 * Installed only when tracing is on.
 */
export function installHttpTracing(fastify: FastifyInstance): void {
  const tracer = trace.getTracer('parallel-ai-api');
  const spans = new WeakMap<IncomingMessage, { span: Span; active: Context }>();
  fastify.addHook('onRequest', (req, _reply, done) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      req.method,
      { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method, 'url.path': pathOf(req) } },
      parent,
    );
    spans.set(req.raw, { span, active: trace.setSpan(parent, span) });
    done();
  });
  // The handler runs inside the span's context (the body was read in another async context).
  fastify.addHook('preHandler', (req, _reply, done) => {
    const s = spans.get(req.raw);
    if (s) context.with(s.active, done);
    else done();
  });
  // On the raw response's close: it also comes for event streams, whose replies were hijacked.
  fastify.addHook('onRequest', (req, reply, done) => {
    reply.raw.once('close', () => {
      const s = spans.get(req.raw);
      if (!s) return;
      const route = routePatternOf(req);
      if (route) {
        s.span.updateName(`${req.method} ${route}`);
        s.span.setAttribute('http.route', route);
      }
      s.span.setAttribute('http.response.status_code', reply.raw.statusCode);
      if (reply.raw.statusCode >= 500) s.span.setStatus({ code: SpanStatusCode.ERROR });
      s.span.end();
    });
    done();
  });
}
