import { Module } from '@nestjs/common';
import { WorkflowsModule } from '../workflows/workflows.module.js';
import { AgentsController } from './agents.controller.js';
import { ToolCatalogService } from './tool-catalog.service.js';

@Module({
  imports: [WorkflowsModule],
  controllers: [AgentsController],
  providers: [ToolCatalogService],
  exports: [ToolCatalogService],
})
export class AgentsModule {}
