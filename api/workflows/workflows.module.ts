import { Module } from '@nestjs/common';
import { WorkflowInspectorService } from './workflow-inspector.service.js';
import { WorkflowStarterService } from './workflow-starter.service.js';
import { WorkflowsController } from './workflows.controller.js';

@Module({
  controllers: [WorkflowsController],
  providers: [WorkflowInspectorService, WorkflowStarterService],
  exports: [WorkflowStarterService],
})
export class WorkflowsModule {}
