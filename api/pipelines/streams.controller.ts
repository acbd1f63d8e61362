import {
  BadRequestException,
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Res,
} from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam, ApiResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { STREAM_NAME, streamWorkflowId, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import { ApiAnswers, STARTED } from '../common/api-responses.js';
import { bodyWithExample, openApiSchema } from '../common/openapi.js';
import { ZodPipe } from '../common/zod-body.pipe.js';
import { ApiRunScheduling, SchedulingQuery } from '../common/run-scheduling.js';
import type { RunScheduling } from '../common/run-scheduling.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { WorkflowStarterService } from '../workflows/workflow-starter.service.js';
import { checkModels } from './check-models.js';
import {
  STREAM_EVENTS_EXAMPLE,
  STREAM_EXAMPLE,
  streamBodySchema,
  streamEventsAckSchema,
  streamEventsBodySchema,
  streamNameSchema,
} from './stream-schemas.js';
import { StreamBusyException, StreamsService } from './streams.service.js';

const NAME_PARAM = {
  name: 'name',
  description: 'The stream name given at its start',
  schema: { type: 'string' as const, pattern: STREAM_NAME.source },
};

@ApiTags('pipelines')
@Controller('pipelines/streams')
export class StreamsController {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly starter: WorkflowStarterService,
    private readonly streams: StreamsService,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Starts a stream: a long-running run that analyses delivered events in micro-batches',
    description:
      'The run is `stream-<name>` (409 while one of that name runs). Deliver events with POST /pipelines/streams/{name}/events, read its rolling aggregates with GET /pipelines/streams/{name}, stop it with DELETE.',
  })
  @ApiBody(bodyWithExample(streamBodySchema, STREAM_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 409, 415])
  start(
    @Body(new ZodPipe(streamBodySchema)) body: z.infer<typeof streamBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const model = body.analyzer.params?.model;
    checkModels(this.temporal.config, [
      ['body.analyzer.params.model', typeof model === 'string' ? model : undefined],
    ]);
    return this.starter.start(WORKFLOW_TYPES.streamPipeline, 'pipeline-stream', body, {
      workflowId: streamWorkflowId(body.name),
      scheduling,
    });
  }

  // A producer's deliveries are paced by the stream's own buffer (429 + Retry-After), not by the
  // per-client request limit.
  @SkipThrottle()
  @Post(':name/events')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Delivers events to a stream: answered once they are durably accepted',
    description:
      'Each event is { id, …fields }; an id the stream has seen before (among its recent ids) is counted as a duplicate and not processed again. When the buffer of accepted, unanalysed events is full the answer is 429 with Retry-After and nothing of the request is accepted: send it again later.',
  })
  @ApiParam(NAME_PARAM)
  @ApiBody(bodyWithExample(streamEventsBodySchema, STREAM_EVENTS_EXAMPLE))
  @ApiResponse({ status: 200, description: 'Accepted', schema: openApiSchema(streamEventsAckSchema) })
  @ApiAnswers({}, [400, 404, 409, 415])
  async deliver(
    @Param('name') name: string,
    @Body(new ZodPipe(streamEventsBodySchema)) body: z.infer<typeof streamEventsBodySchema>,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    streamNameOrThrow(name);
    try {
      return await this.streams.deliver(name, body);
    } catch (err) {
      if (err instanceof StreamBusyException)
        res.header('Retry-After', String(Math.max(1, Math.ceil(err.retryAfterMs / 1000))));
      throw err;
    }
  }

  @Get(':name')
  @ApiOperation({
    summary: "A stream's state: counts, latency, rolling aggregates over its recent windows, latest outputs",
    description:
      'status is running, rolling-over (handing over to its next run), draining or stopped. Answered by a query, also after the stream stopped.',
  })
  @ApiParam(NAME_PARAM)
  @ApiResponse({
    status: 200,
    description:
      '{ name, status, analyzer, generation, accepted, duplicates, processed, failed, pending, inFlight, eventsPerSecond, latencyMs, rolling, totals, latest, windows, usage, workflowId }',
  })
  @ApiAnswers({}, [400, 404])
  state(@Param('name') name: string) {
    streamNameOrThrow(name);
    return this.streams.state(name);
  }

  @Delete(':name')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Drains and stops a stream: no more deliveries; every accepted event is still analysed',
    description:
      'The run completes once its last batch is analysed; its result (the final state) is at links.result.',
  })
  @ApiParam(NAME_PARAM)
  @ApiResponse({
    status: 202,
    description: '{ name, status: "draining", pending, inFlight, links: { result } }',
  })
  @ApiAnswers({}, [400, 404, 409])
  async drain(@Param('name') name: string) {
    streamNameOrThrow(name);
    const ack = await this.streams.drain(name);
    const id = streamWorkflowId(name);
    return {
      name,
      status: 'draining',
      ...ack,
      links: { result: `/workflows/${encodeURIComponent(id)}/result` },
    };
  }
}

/** A 400 naming the path parameter when it cannot be a stream name. */
function streamNameOrThrow(name: string): void {
  const parsed = streamNameSchema.safeParse(name);
  if (!parsed.success)
    throw new BadRequestException([`name: ${parsed.error.issues[0]?.message ?? 'invalid'}`]);
}
