import { DefaultLogger, Runtime } from '@temporalio/worker';
import type { LogLevel } from '@temporalio/worker';
import type { AppConfig } from '../config/app-config.js';
import { formatLogLine, installProcessLogging } from '../telemetry/log-lines.js';

/** Tests and benchmarks run workers in their own process: text at LOG_LEVEL, no metrics. */
const IN_PROCESS: Pick<AppConfig, 'log' | 'metrics'> = {
  log: {
    format: 'text',
    level: (process.env.LOG_LEVEL?.toLowerCase() ?? 'info') as AppConfig['log']['level'],
  },
  metrics: { host: '127.0.0.1', port: undefined, basePort: 0 },
};

/**
 * The SDK's logs (workflow and activity loggers included, with their workflow id, run id and
 * activity) at LOG_LEVEL, one line each in LOG_FORMAT; and, given a port, the SDK's Prometheus
 * exporter on it (`/metrics`): Temporal's own worker metrics and the activities' custom ones.
 */
export function installWorkerLogging(
  config: Pick<AppConfig, 'log' | 'metrics'> = IN_PROCESS,
  processName = 'worker',
): void {
  installProcessLogging(config.log, processName);
  const { metrics } = config;
  Runtime.install({
    logger: new DefaultLogger(config.log.level.toUpperCase() as LogLevel, ({ level, message, meta }) => {
      const { sdkComponent: _c, ...details } = (meta ?? {}) as Record<string, unknown>;
      const line = formatLogLine(config.log.format, {
        level: level.toLowerCase() as AppConfig['log']['level'],
        process: processName,
        msg: message,
        details,
      });
      process.stdout.write(`${line}\n`);
    }),
    ...(metrics.port
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
