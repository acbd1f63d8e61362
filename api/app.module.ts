import { Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.js';
import { HealthModule } from './health/health.module.js';
import { ModelsController } from './models/models.controller.js';
import { PatternsModule } from './patterns/patterns.module.js';
import { TemporalModule } from './temporal/temporal.module.js';
import { WorkflowsModule } from './workflows/workflows.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [TemporalModule.forRoot(config), HealthModule, PatternsModule, WorkflowsModule],
      controllers: [ModelsController],
    };
  }
}
