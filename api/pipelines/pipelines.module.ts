import { Module } from '@nestjs/common';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { PipelinesController } from './pipelines.controller.js';
import { StreamsController } from './streams.controller.js';
import { StreamsService } from './streams.service.js';

@Module({
  imports: [WorkflowsModule],
  controllers: [PipelinesController, StreamsController],
  providers: [StreamsService],
})
export class PipelinesModule {}
