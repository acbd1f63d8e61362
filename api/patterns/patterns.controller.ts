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
      '{ items? | source?, mapper, reducer: name | { activity: "llm.synthesize", params: { model, instruction } }, batchSize?, maxConcurrency?, onItemFailure?: "fail"|"skip", maxFailures? }. Result: { result, stats, failures, usage }.',
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
      '{ tasks: [{ id?, activity, input, retry?, timeoutMs? } | { id?, pattern, spec }], policy: { mode, quorum?, timeoutMs? }, aggregate?: "list" | "majority" | { kind: "list"|"majority", field? } | { kind: "consensus", model, field? } | { kind: "judge", model, criteria, field? } | { kind: "synthesize", model, instruction, field?, maxTokens? } }. Result: { tasks, aggregate?, usage }.',
      SCATTER_GATHER_EXAMPLE,
    ),
  )
  scatterGather(@Body() body: unknown) {
    return this.patterns.start('scatter-gather', body);
  }

  @Post('dag')
  @ApiOperation({
    summary:
      'Start a dependency graph: $from / $template pass outputs into inputs, forEach fans out over an upstream list',
  })
  @ApiBody(
    patternBody(
      '{ nodes: [{ id, activity, input, dependsOn?, retry?, timeoutMs?, forEach?, maxConcurrency?, onItemFailure? } | { id, pattern, spec, dependsOn?, forEach? }], maxConcurrency?, onNodeFailure?: "fail"|"continue" }. Inputs and nested specs take markers: { "$from": "node.path" }, { "$template": "text {{node.path}}" }, { "$item": "path" } and {{$index}} inside forEach, { "$literal": value }. Result: { nodes, usage }.',
      DAG_EXAMPLE,
    ),
  )
  dag(@Body() body: unknown) {
    return this.patterns.start('dag', body);
  }
}
