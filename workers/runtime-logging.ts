import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { LogLevel } from '@temporalio/worker';

const LEVELS: LogLevel[] = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];

/**
 * One line per SDK log entry (the default spreads metadata over several), at LOG_LEVEL; and,
 * given a port, the SDK's Prometheus exporter on it (`/metrics`): Temporal's own worker metrics
 * and the activities' custom ones (tokens by model, generation time).
 */
export function installWorkerLogging(metrics?: { host: string; port: number | undefined }): void {
  const wanted = (process.env.LOG_LEVEL ?? 'INFO').toUpperCase() as LogLevel;
  const level = LEVELS.includes(wanted) ? wanted : 'INFO';
  Runtime.install({
    logger: new DefaultLogger(level, ({ level: l, message, meta }) => {
      const { sdkComponent: _c, ...rest } = (meta ?? {}) as Record<string, unknown>;
      const extra = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
      console.log(`${l} ${message}${extra}`);
    }),
    ...(metrics?.port
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: { bindAddress: `${metrics.host}:${metrics.port}`, countersTotalSuffix: true },
            },
          },
        }
      : {}),
  });
}
