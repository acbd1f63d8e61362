import { Module } from '@nestjs/common';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { PatternStarterService } from './pattern-starter.service.js';
import { PatternsController } from './patterns.controller.js';

@Module({ imports: [WorkflowsModule], controllers: [PatternsController], providers: [PatternStarterService] })
export class PatternsModule {}
