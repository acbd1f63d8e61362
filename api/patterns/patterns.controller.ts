import { Body, Controller, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DAG_EXAMPLE, MAP_REDUCE_EXAMPLE, patternBody, SCATTER_GATHER_EXAMPLE } from './pattern-examples.js';
import { PatternStarterService } from './pattern-starter.service.js';

@ApiTags('patterns')
@Controller('workflows')
export class PatternsController {
  constructor(private readonly patterns: PatternStarterService) {}

  @Post('map-reduce')
  @ApiOperation({ summary: 'Start a map-reduce over inline items or a source by reference (range, lines)' })
  @ApiBody(
    patternBody(
      '{ items? | source?, mapper, reducer, batchSize?, maxConcurrency?, onItemFailure?: "fail"|"skip", maxFailures? }',
      MAP_REDUCE_EXAMPLE,
    ),
  )
  mapReduce(@Body() body: unknown) {
    return this.patterns.start('map-reduce', body);
  }

  @Post('scatter-gather')
  @ApiOperation({
    summary: 'Start a scatter-gather / fork-join: policy all, first or quorum, optional timeout',
  })
  @ApiBody(
    patternBody(
      '{ tasks: [{ id?, activity, input } | { id?, pattern, spec }], policy: { mode, quorum?, timeoutMs? }, aggregate?: "list"|"majority" }',
      SCATTER_GATHER_EXAMPLE,
    ),
  )
  scatterGather(@Body() body: unknown) {
    return this.patterns.start('scatter-gather', body);
  }

  @Post('dag')
  @ApiOperation({
    summary: 'Start a dependency graph; cycles are rejected, $ref passes outputs to dependents',
  })
  @ApiBody(
    patternBody(
      '{ nodes: [{ id, activity, input, dependsOn?, retry?, timeoutMs? } | { id, pattern, spec, dependsOn? }], maxConcurrency?, onNodeFailure?: "fail"|"continue" }',
      DAG_EXAMPLE,
    ),
  )
  dag(@Body() body: unknown) {
    return this.patterns.start('dag', body);
  }
}
