import { Body, Controller, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, STARTED } from '../common/api-responses.js';
import { bodyWithExample } from '../common/openapi.js';
import { DAG_EXAMPLE, MAP_REDUCE_EXAMPLE, SCATTER_GATHER_EXAMPLE } from './pattern-examples.js';
import { patternSpecSchemas } from '../../workflows/contracts/patterns/spec-schema.js';
import { PatternStarterService } from './pattern-starter.service.js';
import { ApiRunScheduling, SchedulingQuery } from '../common/run-scheduling.js';
import type { RunScheduling } from '../common/run-scheduling.js';

// The document shows the schemas without a deployment's models (those are checked per request).
const SCHEMAS = patternSpecSchemas();

@ApiTags('patterns')
@Controller('workflows')
export class PatternsController {
  constructor(private readonly patterns: PatternStarterService) {}

  @Post('map-reduce')
  @ApiOperation({
    summary: 'Start a map-reduce over inline items or a source by reference (range, lines)',
    description: 'Result: { result, stats, failures, usage }.',
  })
  @ApiBody(bodyWithExample(SCHEMAS['map-reduce'], MAP_REDUCE_EXAMPLE, 'MapReduceSpec'))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 413, 415])
  mapReduce(@Body() body: unknown, @SchedulingQuery() scheduling: RunScheduling) {
    return this.patterns.start('map-reduce', body, scheduling);
  }

  @Post('scatter-gather')
  @ApiOperation({
    summary: 'Start a scatter-gather / fork-join: policy all, first or quorum, optional timeout, aggregates',
    description: 'Result: { tasks, aggregate?, usage }.',
  })
  @ApiBody(bodyWithExample(SCHEMAS['scatter-gather'], SCATTER_GATHER_EXAMPLE, 'ScatterGatherSpec'))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  scatterGather(@Body() body: unknown, @SchedulingQuery() scheduling: RunScheduling) {
    return this.patterns.start('scatter-gather', body, scheduling);
  }

  @Post('dag')
  @ApiOperation({
    summary:
      'Start a dependency graph: $from / $template pass outputs into inputs, forEach fans out over an upstream list',
    description: 'Result: { nodes, usage }.',
  })
  @ApiBody(bodyWithExample(SCHEMAS.dag, DAG_EXAMPLE, 'DagSpec'))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  dag(@Body() body: unknown, @SchedulingQuery() scheduling: RunScheduling) {
    return this.patterns.start('dag', body, scheduling);
  }
}
