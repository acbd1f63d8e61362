import { Module } from '@nestjs/common';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { PipelinesController } from './pipelines.controller.js';

@Module({ imports: [WorkflowsModule], controllers: [PipelinesController] })
export class PipelinesModule {}
