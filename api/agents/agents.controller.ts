import { Body, Controller, Get, Post } from '@nestjs/common';
import { ApiBody, ApiExtension, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { agentRun } from '../../workflows/agent/agent.pipeline.js';
import { workflowTypeOf } from '../../workflows/pipelines/pipeline-descriptor.js';
import { ApiAnswers, STARTED } from '../common/api-responses.js';
import { bodyWithExample, openApiSchema } from '../common/openapi.js';
import { ApiRunScheduling, SchedulingQuery } from '../common/run-scheduling.js';
import type { RunScheduling } from '../common/run-scheduling.js';
import { ZodPipe } from '../common/zod-body.pipe.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { WorkflowStarterService } from '../workflows/workflow-starter.service.js';
import { ToolCatalogService } from './tool-catalog.service.js';

const toolsSchema = z.object({
  tools: z.array(
    z.object({
      name: z.string(),
      description: z.string(),
      inputSchema: z.record(z.string(), z.unknown()),
      sideEffects: z.boolean(),
      idempotent: z.boolean(),
      approval: z.enum(['always', 'never', 'first-use']),
      timeoutMs: z.number(),
      source: z.string().describe('"builtin" or "mcp:<server>"'),
    }),
  ),
});

@ApiTags('agents')
@Controller()
export class AgentsController {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly starter: WorkflowStarterService,
    private readonly catalog: ToolCatalogService,
  ) {}

  @Post('agents/run')
  @ApiOperation({ summary: agentRun.summary, description: agentRun.description })
  @ApiBody(bodyWithExample(agentRun.body, agentRun.example))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  @ApiExtension('x-result', openApiSchema(agentRun.output, 'output'))
  async run(
    @Body(new ZodPipe(agentRun.body)) body: z.infer<typeof agentRun.body>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const input = agentRun.resolve(body, { config: this.temporal.config });
    await this.catalog.checkNames(input.tools, 'body.tools');
    return this.starter.start(workflowTypeOf(agentRun), agentRun.idPrefix, input, { scheduling });
  }

  @Get('tools')
  @ApiOperation({
    summary: 'The tools agents may call: built-ins and those of every reachable MCP server (MCP_SERVERS)',
  })
  @ApiAnswers({ 200: ['The tools', toolsSchema] }, [])
  async tools() {
    return { tools: await this.catalog.tools() };
  }
}
