import { Global, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../../config/app-config.js';
import { APP_CONFIG } from '../common/tokens.js';
import { OwnedRunsService } from './owned-runs.service.js';
import { TemporalClientService } from './temporal-client.service.js';

@Global()
@Module({})
export class TemporalModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: TemporalModule,
      providers: [{ provide: APP_CONFIG, useValue: config }, TemporalClientService, OwnedRunsService],
      exports: [APP_CONFIG, TemporalClientService, OwnedRunsService],
    };
  }
}
