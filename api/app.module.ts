import { Module } from '@nestjs/common';
import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import type { AppConfig } from '../config/app-config.js';
import { AgentsModule } from './agents/agents.module.js';
import { ApprovalsModule } from './approvals/approvals.module.js';
import { HealthModule } from './health/health.module.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { ModelsController } from './models/models.controller.js';
import { PatternsModule } from './patterns/patterns.module.js';
import { PipelinesModule } from './pipelines/pipelines.module.js';
import { TemporalModule } from './temporal/temporal.module.js';
import { WorkflowsModule } from './workflows/workflows.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    // Per client address: RATE_LIMIT_PER_MINUTE requests a minute, then 429 with Retry-After.
    const limit = config.api.rateLimitPerMinute;
    const throttling = limit > 0 ? [ThrottlerModule.forRoot({ throttlers: [{ ttl: 60_000, limit }] })] : [];
    const guards: Provider[] = limit > 0 ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : [];
    return {
      module: AppModule,
      imports: [
        ...throttling,
        MetricsModule,
        TemporalModule.forRoot(config),
        HealthModule,
        PatternsModule,
        PipelinesModule,
        WorkflowsModule,
        ApprovalsModule,
        AgentsModule,
      ],
      controllers: [ModelsController],
      providers: guards,
    };
  }
}
