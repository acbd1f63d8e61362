import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import { activeTracing } from '../telemetry/tracing.js';

/**
 * What a worker adds when this process traces: a span per activity execution, linked to the
 * workflow's span through the activity's headers, and (for the workflow worker) the sink that
 * exports the spans the workflows' own interceptors create. Nothing when tracing is off.
 */
export function workerTracingOptions(
  kind: 'workflow' | 'activity',
): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const tracing = activeTracing();
  if (!tracing) return {};
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    ...(kind === 'workflow'
      ? { sinks: { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) } }
      : {}),
  };
}
