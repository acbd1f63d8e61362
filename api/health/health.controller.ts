import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { servedModelList } from '../../config/app-config.js';
import { llmTaskQueue } from '../../workflows/contracts/index.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { livePollers } from './task-queue-pollers.js';
import type { QueueKind } from './task-queue-pollers.js';

// Under the 3 s a probe usually allows, with room for the response itself.
const CHECK_TIMEOUT_MS = 2_500;

@ApiTags('health')
@SkipThrottle() // probes poll it; it is cheap and carries no data
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly temporal: TemporalClientService,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOperation({
    summary:
      '200 when Temporal answers and every task queue has a live worker, else 503 naming the part that is down',
  })
  check() {
    const { client, config, queues } = this.temporal;
    const ns = config.temporal.namespace;
    const queueChecks: Array<[string, string, QueueKind]> = [
      ['workflow-worker', queues.workflows, 'workflow'],
      ['cpu-worker', queues.cpu, 'activity'],
      ...servedModelList(config.llm).map((m): [string, string, QueueKind] => [
        `llm-worker:${m.name}`,
        llmTaskQueue(config.taskQueuePrefix, m.name),
        'activity',
      ]),
    ];
    return this.health.check([
      () =>
        this.indicators
          .check('temporal')
          .attempt(async () => {
            await this.temporal.call(() => client.workflowService.getSystemInfo({}), CHECK_TIMEOUT_MS);
            return { address: config.temporal.address, namespace: ns };
          })
          .withTimeout(CHECK_TIMEOUT_MS),
      ...queueChecks.map(([key, queue, kind]) => async (): Promise<HealthIndicatorResult> => {
        const indicator = this.indicators.check(key);
        try {
          const pollers = await this.temporal.call(
            () => livePollers(client, ns, queue, kind, config.api.pollerFreshMs),
            CHECK_TIMEOUT_MS,
          );
          return pollers > 0
            ? indicator.up({ taskQueue: queue, pollers })
            : indicator.down({ taskQueue: queue, message: `no worker is polling ${queue}` });
        } catch (err) {
          return indicator.down({ taskQueue: queue, message: (err as Error).message });
        }
      }),
    ]);
  }
}
