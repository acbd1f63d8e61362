import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiQuery, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import {
  ApiAnswers,
  cancelSchema,
  resultSchema,
  runInputSchema,
  STARTED,
  workflowPageSchema,
  workflowViewSchema,
} from '../common/api-responses.js';
import { bodyWithExample } from '../common/openapi.js';
import { ZodPipe } from '../common/zod-body.pipe.js';
import { echoBodySchema } from './echo.schema.js';
import { listWorkflowsQuerySchema, WORKFLOW_STATUSES } from './list-workflows.js';
import type { ListWorkflowsQuery } from './list-workflows.js';
import { WorkflowInspectorService } from './workflow-inspector.service.js';
import { WorkflowStarterService } from './workflow-starter.service.js';
import { streamWorkflow } from './workflow-stream.js';
import { liveEventsQuerySchema, streamLiveEvents } from './live-events.js';
import type { LiveEventsQuery } from './live-events.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { ApiRunScheduling, SchedulingQuery } from '../common/run-scheduling.js';
import type { RunScheduling } from '../common/run-scheduling.js';
import { ApiMetrics } from '../metrics/api-metrics.js';

const resultQuerySchema = z.object({ waitMs: z.coerce.number().int().min(0).max(60_000).default(0) });

@ApiTags('workflows')
@Controller('workflows')
export class WorkflowsController {
  constructor(
    private readonly inspector: WorkflowInspectorService,
    private readonly starter: WorkflowStarterService,
    private readonly metrics: ApiMetrics,
    private readonly temporal: TemporalClientService,
  ) {}

  @Post('echo')
  @ApiOperation({
    summary: 'Start the echo workflow (one CPU activity): proves API -> Temporal -> workers -> result',
  })
  @ApiBody(bodyWithExample(echoBodySchema, { message: 'hello from the API' }))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  startEcho(
    @Body(new ZodPipe(echoBodySchema)) body: z.infer<typeof echoBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    return this.starter.start(WORKFLOW_TYPES.echo, 'echo', body, { scheduling });
  }

  @Get()
  @ApiOperation({ summary: "List this deployment's runs, newest first, through a visibility query" })
  @ApiQuery({ name: 'type', required: false, description: 'Workflow type, e.g. mapReduceWorkflow' })
  @ApiQuery({ name: 'status', required: false, enum: WORKFLOW_STATUSES })
  @ApiQuery({ name: 'pageSize', required: false, type: Number })
  @ApiQuery({
    name: 'topLevel',
    required: false,
    enum: ['true', 'false'],
    description: listWorkflowsQuerySchema.shape.topLevel.description,
  })
  @ApiQuery({ name: 'nextPageToken', required: false })
  @ApiAnswers({ 200: ['One page of runs, newest first', workflowPageSchema] }, [400])
  list(@Query(new ZodPipe(listWorkflowsQuerySchema, 'query')) query: ListWorkflowsQuery) {
    return this.inspector.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Type, status, times, Web UI link and progress of a workflow' })
  @ApiParam({ name: 'id', description: 'Workflow id' })
  @ApiAnswers({ 200: ['The run', workflowViewSchema] }, [404])
  describe(@Param('id') id: string) {
    return this.inspector.describe(id);
  }

  @Get(':id/input')
  @ApiOperation({
    summary: 'What the run was started with (the first run of a continue-as-new chain)',
    description: 'The console draws a run from it: a DAG its nodes and edges, a scatter-gather its tasks.',
  })
  @ApiParam({ name: 'id', description: 'Workflow id' })
  @ApiAnswers({ 200: ['The start input', runInputSchema] }, [404])
  input(@Param('id') id: string) {
    return this.inspector.input(id);
  }

  @Get(':id/result')
  @ApiOperation({
    summary: '200 {status, result} once closed (the failure when it failed), 202 while running',
  })
  @ApiQuery({
    name: 'waitMs',
    required: false,
    type: Number,
    description: 'Wait up to this long (max 60000) for the result',
  })
  @ApiAnswers(
    { 200: ['Closed: its result, or how it failed', resultSchema], 202: ['Still running', resultSchema] },
    [400, 404],
  )
  async result(
    @Param('id') id: string,
    @Query(new ZodPipe(resultQuerySchema, 'query')) query: z.infer<typeof resultQuerySchema>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const view = await this.inspector.result(id, query.waitMs);
    res.status(view.httpStatus);
    return view.body;
  }

  @Get(':id/stream')
  @ApiOperation({
    summary: 'Server-sent events: `state` on every change of status or progress, then `result`',
  })
  @ApiResponse({
    status: 200,
    description: '`state` events on every change, then one `result` event',
    content: {
      'text/event-stream': {
        // One event: its name and its data, a JSON document.
        schema: {
          type: 'object',
          properties: { event: { type: 'string', enum: ['state', 'result'] }, data: { type: 'string' } },
          required: ['event', 'data'],
        },
      },
    },
  })
  @ApiAnswers({}, [404])
  stream(@Param('id') id: string, @Res() res: FastifyReply): Promise<void> {
    return streamWorkflow(this.inspector, this.temporal, id, res, this.metrics);
  }

  @Get(':id/events')
  @ApiOperation({
    summary:
      'Server-sent events of the run\'s live stream: its steps, and with "stream": "tokens" every model call\'s text',
    description:
      'Each event has `id:` its offset; reconnecting with `Last-Event-ID` (or `?from=`) resumes right after it, with no gap and no duplicate. Events: run.started, branch.started, token, branch.reset, branch.finished, run.finished (the last). Each names its branch by `path` ("" for the run, tasks/<id>, nodes/<id>).',
  })
  @ApiQuery({ name: 'from', required: false, type: Number })
  @ApiQuery({ name: 'types', required: false, description: liveEventsQuerySchema.shape.types.description })
  @ApiQuery({ name: 'paths', required: false, description: liveEventsQuerySchema.shape.paths.description })
  @ApiResponse({
    status: 200,
    description: 'One SSE event per live event, `id:` its offset',
    content: {
      'text/event-stream': {
        schema: {
          type: 'object',
          properties: { id: { type: 'string' }, event: { type: 'string' }, data: { type: 'string' } },
          required: ['event', 'data'],
        },
      },
    },
  })
  @ApiAnswers({}, [400, 404])
  events(
    @Param('id') id: string,
    @Query(new ZodPipe(liveEventsQuerySchema, 'query')) query: LiveEventsQuery,
    @Req() req: FastifyRequest,
    @Res() res: FastifyReply,
  ): Promise<void> {
    return streamLiveEvents(this.inspector, this.temporal, this.metrics, id, query, req, res);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  @ApiOperation({ summary: 'Request cancellation; children and activities are cancelled with it' })
  @ApiAnswers({ 202: ['Cancellation requested', cancelSchema] }, [404, 409])
  cancel(@Param('id') id: string) {
    return this.inspector.cancel(id);
  }
}
