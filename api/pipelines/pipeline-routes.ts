// The /pipelines routes, one per registered pipeline: each validates its body with the
// descriptor's schema, resolves defaults and deployment rules, and starts the descriptor's
// workflow. Its OpenAPI operation (body, example, answers, result schema) comes from the same
// descriptor, so nothing about a pipeline is written here.
import { applyDecorators, Body, Controller, Post } from '@nestjs/common';
import type { Type } from '@nestjs/common';
import { ApiBody, ApiExtension, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { PipelineDescriptor } from '../../workflows/pipelines/pipeline-descriptor.js';
import { workflowTypeOf } from '../../workflows/pipelines/pipeline-descriptor.js';
import { ApiAnswers, STARTED } from '../common/api-responses.js';
import { bodyWithExample, openApiSchema } from '../common/openapi.js';
import { ApiRunScheduling, SchedulingQuery } from '../common/run-scheduling.js';
import type { RunScheduling } from '../common/run-scheduling.js';
import { ZodPipe } from '../common/zod-body.pipe.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { WorkflowStarterService } from '../workflows/workflow-starter.service.js';
import { ToolCatalogService } from '../agents/tool-catalog.service.js';

/** "research/index" → "researchIndex": the handler's name (and OpenAPI operationId suffix). */
export function handlerName(route: string): string {
  return route.replace(/[/-]([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** What the document says about a pipeline beyond its schemas. */
function operationDescription(d: PipelineDescriptor): string {
  return [
    d.description,
    `Progress (GET /workflows/{id}): { stage, done, total, failed, usage }, stage one of ${d.stages.join(' → ')}.`,
    'Result (GET /workflows/{id}/result): the schema under x-result.',
  ]
    .filter(Boolean)
    .join(' ');
}

/** A controller class with one POST handler per descriptor. */
export function pipelinesController(pipelines: readonly PipelineDescriptor[]): Type<unknown> {
  @ApiTags('pipelines')
  @Controller('pipelines')
  class PipelinesController {
    constructor(
      readonly temporal: TemporalClientService,
      readonly starter: WorkflowStarterService,
      readonly catalog: ToolCatalogService,
    ) {}
  }
  const proto = PipelinesController.prototype as unknown as Record<string, unknown>;
  for (const d of pipelines) {
    const name = handlerName(d.route);
    // A named function, so Nest's operationId reads PipelinesController_<name>.
    const handler = {
      async [name](this: PipelinesController, body: unknown, scheduling: RunScheduling) {
        const input = d.resolve(body, { config: this.temporal.config });
        for (const { field, names } of d.tools?.(input) ?? []) await this.catalog.checkNames(names, field);
        return this.starter.start(workflowTypeOf(d), d.idPrefix, input, { scheduling });
      },
    }[name]!;
    Object.defineProperty(proto, name, { value: handler, writable: true, configurable: true });
    const method = Object.getOwnPropertyDescriptor(proto, name)!;
    applyDecorators(
      Post(d.route),
      ApiOperation({ summary: d.summary, description: operationDescription(d) }),
      ApiBody(bodyWithExample(d.body, d.example as object)),
      ApiRunScheduling(),
      ApiAnswers(STARTED, [400, ...(d.errors ?? []), 415]),
      ApiExtension('x-result', openApiSchema(d.output, 'output')),
    )(proto, name, method);
    Body(new ZodPipe(d.body))(proto, name, 0);
    SchedulingQuery()(proto, name, 1);
  }
  return PipelinesController;
}
