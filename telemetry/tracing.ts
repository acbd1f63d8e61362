// OpenTelemetry tracing of one process: installed only when OTEL_EXPORTER_OTLP_ENDPOINT is set,
// so with tracing off nothing of it runs. Spans go to the endpoint's /v1/traces (OTLP over HTTP).
import { context, propagation, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import type { AppConfig } from '../config/app-config.js';

export interface Tracing {
  resource: Resource;
  /** Also exports the workflows' spans, which the workflow worker receives through a sink. */
  spanProcessor: SpanProcessor;
  /** Flushes the spans not yet exported and uninstalls. */
  shutdown(): Promise<void>;
}

let active: Tracing | undefined;

/** This process's tracing, once started. */
export function activeTracing(): Tracing | undefined {
  return active;
}

/**
 * Starts tracing (once per process) when the configuration names an OTLP endpoint: a global
 * tracer provider with W3C context propagation and an async-local context, whose spans are
 * exported in batches. Returns undefined, installing nothing, when tracing is off.
 */
export function startTracing(config: AppConfig, serviceName: string): Tracing | undefined {
  if (!config.tracing.endpoint) return undefined;
  if (active) return active;
  const resource = new Resource({ 'service.name': config.tracing.serviceName ?? serviceName });
  const exporter = new OTLPTraceExporter({ url: `${config.tracing.endpoint.replace(/\/+$/, '')}/v1/traces` });
  const spanProcessor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1_000 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const tracing: Tracing = {
    resource,
    spanProcessor,
    shutdown: async () => {
      await provider.shutdown();
      // Unregistered, so that a later start in this process (a test's next stack) can register.
      trace.disable();
      context.disable();
      propagation.disable();
      if (active === tracing) active = undefined;
    },
  };
  active = tracing;
  return tracing;
}
