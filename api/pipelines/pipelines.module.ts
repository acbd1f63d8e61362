import { Module } from '@nestjs/common';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { PIPELINES } from '../../workflows/pipelines/pipeline-registry.js';
import { pipelinesController } from './pipeline-routes.js';
import { StreamsController } from './streams.controller.js';
import { StreamsService } from './streams.service.js';
import { AgentsModule } from '../agents/agents.module.js';

@Module({
  imports: [WorkflowsModule, AgentsModule],
  controllers: [pipelinesController(PIPELINES), StreamsController],
  providers: [StreamsService],
})
export class PipelinesModule {}
