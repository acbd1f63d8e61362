import type { FastifyReply, FastifyRequest } from 'fastify';
import { routePatternOf } from '../common/route-pattern.js';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The API's Prometheus metrics (prom-client), on a registry of its own per app: request count
 * and duration by route and status, workflow starts by type, open SSE streams, Temporal call errors, and the
 * process's own metrics. Served at `/metrics`, behind API_KEYS like every other path.
 */
export class ApiMetrics {
  readonly registry = new Registry();
  private readonly requests = new Counter({
    name: 'api_http_requests_total',
    help: 'HTTP requests by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly duration = new Histogram({
    name: 'api_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [this.registry],
  });
  private readonly starts = new Counter({
    name: 'api_workflow_starts_total',
    help: 'Workflows started through the API, by workflow type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  private readonly temporalErrors = new Counter({
    name: 'api_temporal_call_errors_total',
    help: 'Temporal calls from the API that failed or missed their deadline',
    registers: [this.registry],
  });

  private readonly sseStreams = new Gauge({
    name: 'api_sse_open_streams',
    help: 'Server-sent event streams open now',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /**
   * An onRequest hook: times every request, labelled by its route pattern (not the raw path), up
   * to the raw response's close (which also comes for event streams, whose replies are hijacked).
   */
  readonly onRequest = (req: FastifyRequest, reply: FastifyReply, done: () => void): void => {
    const end = this.duration.startTimer();
    reply.raw.once('close', () => {
      const labels = {
        method: req.method,
        route: routePatternOf(req) ?? 'unmatched',
        status: String(reply.raw.statusCode),
      };
      this.requests.inc(labels);
      end(labels);
    });
    done();
  };

  workflowStarted(type: string): void {
    this.starts.inc({ type });
  }

  /** Counts an SSE stream as open until the returned function is called (once). */
  sseStreamOpened(): () => void {
    this.sseStreams.inc();
    let closed = false;
    return () => {
      if (!closed) this.sseStreams.dec();
      closed = true;
    };
  }

  temporalCallFailed(): void {
    this.temporalErrors.inc();
  }
}
