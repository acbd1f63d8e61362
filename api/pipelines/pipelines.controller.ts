import { BadRequestException, Body, Controller, Post } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { RESEARCH_DEFAULTS, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import { locateCollection, locateOutputFile } from '../../config/data-file.js';
import { dataFilePath } from '../common/data-file.js';
import { ApiAnswers, STARTED } from '../common/api-responses.js';
import { bodyWithExample } from '../common/openapi.js';
import { ZodPipe } from '../common/zod-body.pipe.js';
import { ApiRunScheduling, SchedulingQuery } from '../common/run-scheduling.js';
import type { RunScheduling } from '../common/run-scheduling.js';
import { checkModels } from './check-models.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { WorkflowStarterService } from '../workflows/workflow-starter.service.js';
import {
  AGENTS_EXAMPLE,
  agentsBodySchema,
  BATCH_EXAMPLE,
  batchBodySchema,
  CONSENSUS_EXAMPLE,
  consensusBodySchema,
  DECISION_EXAMPLE,
  decisionBodySchema,
  PERSPECTIVES_EXAMPLE,
  perspectivesBodySchema,
  REASONING_EXAMPLE,
  reasoningBodySchema,
  RESEARCH_EXAMPLE,
  RESEARCH_INDEX_EXAMPLE,
  researchBodySchema,
  researchIndexBodySchema,
} from './pipeline-schemas.js';
import { checkCorpus } from './corpus-file.js';

/** A 400 naming body.collection when it is not a folder of the data folder's collections. */
function checkCollection(dataDir: string, name: string): void {
  const found = locateCollection(dataDir, name);
  if (!found.ok) throw new BadRequestException([`body.collection: ${found.problem}`]);
}

@ApiTags('pipelines')
@Controller('pipelines')
export class PipelinesController {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly starter: WorkflowStarterService,
  ) {}

  @Post('consensus')
  @ApiOperation({
    summary: 'Multi-model consensus: one question to several models at once, answers compared and judged',
    description:
      'Result: { best: { model, seed, text, why }, consensusScore, answers: [{ model, seed, text, latencyMs, status }], outliers, usage }. Progress: { stage, done, total, failed, usage }.',
  })
  @ApiBody(bodyWithExample(consensusBodySchema, CONSENSUS_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  consensus(
    @Body(new ZodPipe(consensusBodySchema)) body: z.infer<typeof consensusBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const { config } = this.temporal;
    const models = body.models ?? config.llm.models.map((m) => m.name);
    checkModels(config, [
      ...models.map((m, i): [string, string] => [`body.models[${i}]`, m]),
      ['body.judge.model', body.judge && 'model' in body.judge ? body.judge.model : undefined],
    ]);
    const samples = body.samplesPerModel ?? 1;
    if (body.minSuccesses !== undefined && body.minSuccesses > models.length * samples) {
      throw new BadRequestException([
        `body.minSuccesses: ${body.minSuccesses} is more than the ${models.length * samples} answers asked for`,
      ]);
    }
    return this.starter.start(
      WORKFLOW_TYPES.consensusPipeline,
      'pipeline-consensus',
      { ...body, models },
      { scheduling },
    );
  }

  @Post('perspectives')
  @ApiOperation({
    summary:
      'Multi-perspective analysis: sentiment, entities, summary and keywords of a text (or a corpus) at once',
    description:
      'Result: one text → { analysis: { sentiment, entities, summary, keywords }, analyzers, usage }; a file → { corpus: { documents, sentiment, entities, keywords, summary }, analyzers, usage }.',
  })
  @ApiBody(bodyWithExample(perspectivesBodySchema, PERSPECTIVES_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 413, 415])
  perspectives(
    @Body(new ZodPipe(perspectivesBodySchema)) body: z.infer<typeof perspectivesBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const { config } = this.temporal;
    const model = body.model ?? config.llm.models[0]!.name;
    checkModels(config, [['body.model', model]]);
    if (body.source) checkCorpus(config.dataDir, body.source.path);
    return this.starter.start(
      WORKFLOW_TYPES.perspectivesPipeline,
      'pipeline-perspectives',
      {
        ...body,
        model,
      },
      { scheduling },
    );
  }

  @Post('decision')
  @ApiOperation({
    summary: 'Decision matrix: strategies × options scored in parallel, weighed by perspectives, explained',
    description:
      'Result: { matrix, perspectives: [{ perspective, weights, ranking }], ranking, recommendation, margin, rationale, usage }.',
  })
  @ApiBody(bodyWithExample(decisionBodySchema, DECISION_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  decision(
    @Body(new ZodPipe(decisionBodySchema)) body: z.infer<typeof decisionBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const { config } = this.temporal;
    const model = body.model ?? config.llm.models[0]!.name;
    checkModels(config, [['body.model', model]]);
    return this.starter.start(
      WORKFLOW_TYPES.decisionPipeline,
      'pipeline-decision',
      { ...body, model },
      { scheduling },
    );
  }

  @Post('research')
  @ApiOperation({
    summary:
      'Research assistant: retrievers in parallel over a local collection, sources analysed and cross-checked, a synthesised report',
    description:
      'Result: { question, summary, keyFindings: [{ claim, sources, support, checks }], sources: [{ path, title, score, retrievers, status, summary }], confidence, confidenceFactors, retrievers, index, failures, usage }. The first run over a collection builds its index (a research-index child run); later runs reuse it until a file changes.',
  })
  @ApiBody(bodyWithExample(researchBodySchema, RESEARCH_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  research(
    @Body(new ZodPipe(researchBodySchema)) body: z.infer<typeof researchBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const { config } = this.temporal;
    const model = body.model ?? config.llm.models[0]!.name;
    const embedModel = body.embedModel ?? config.llm.models[0]!.name;
    checkModels(config, [
      ['body.model', model],
      ['body.embedModel', embedModel],
    ]);
    checkCollection(config.dataDir, body.collection ?? RESEARCH_DEFAULTS.collection);
    return this.starter.start(
      WORKFLOW_TYPES.researchPipeline,
      'pipeline-research',
      {
        ...body,
        model,
        embedModel,
      },
      { scheduling },
    );
  }

  @Post('research/index')
  @ApiOperation({
    summary: "Builds a collection's research index ahead of the first question, or finds it current",
    description:
      'Result: { index, status: "built" | "current", collection, model, files, chunks, dimensions, usage }. Durable: chunks are embedded by a map-reduce over shards, and a crash or a rerun resumes at the first shard not yet on disk.',
  })
  @ApiBody(bodyWithExample(researchIndexBodySchema, RESEARCH_INDEX_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  researchIndex(
    @Body(new ZodPipe(researchIndexBodySchema)) body: z.infer<typeof researchIndexBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const { config } = this.temporal;
    const model = body.model ?? config.llm.models[0]!.name;
    checkModels(config, [['body.model', model]]);
    checkCollection(config.dataDir, body.collection);
    return this.starter.start(
      WORKFLOW_TYPES.researchIndex,
      'research-index',
      { ...body, model },
      { scheduling },
    );
  }

  @Post('reasoning')
  @ApiOperation({
    summary:
      'Parallel reasoning chains: independent approaches, final answers extracted under a grammar, a self-consistency vote, the winner explained',
    description:
      'Result: { question, answerFormat, answer, agreement, vote: [{ answer, count, chains }] (number / label) or consensus: { bestChain, score } (text), bestChain, synthesis, chains: [{ index, approach, model, seed, status, reasoning, answer, normalized }], failures, usage }.',
  })
  @ApiBody(bodyWithExample(reasoningBodySchema, REASONING_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  reasoning(
    @Body(new ZodPipe(reasoningBodySchema)) body: z.infer<typeof reasoningBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const { config } = this.temporal;
    const models = body.models ?? [config.llm.models[0]!.name];
    checkModels(
      config,
      models.map((m, i): [string, string] => [`body.models[${i}]`, m]),
    );
    return this.starter.start(
      WORKFLOW_TYPES.reasoningPipeline,
      'pipeline-reasoning',
      { ...body, models },
      { scheduling },
    );
  }

  @Post('batch')
  @ApiOperation({
    summary:
      'Batch inference: every record of a file through a model, outputs to a JSONL file in input order',
    description:
      'Each output line is { index, output } or { index, error }, one per input line, in order; no record passes through workflow history. Batches write part files; the output file appears complete at the end, in one rename. The same request run again resumes from the parts already written. Progress: { stage, total, done, failed, itemsPerSecond, tokensPerSecond, usage }. Result: { output, items, succeeded, failed, failures, resumedBatches, seconds, itemsPerSecond, tokensPerSecond, usage }.',
  })
  @ApiBody(bodyWithExample(batchBodySchema, BATCH_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  batch(
    @Body(new ZodPipe(batchBodySchema)) body: z.infer<typeof batchBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const { config } = this.temporal;
    checkModels(config, [['body.params.model', body.params.model]]);
    const input = dataFilePath(config.dataDir, body.input.path, 'body.input.path');
    const output = locateOutputFile(config.dataDir, body.output.path);
    if (!output.ok) throw new BadRequestException([`body.output.path: ${output.problem}`]);
    if (output.path === input)
      throw new BadRequestException(['body.output.path: must not be the input file']);
    return this.starter.start(WORKFLOW_TYPES.batchPipeline, 'pipeline-batch', body, { scheduling });
  }

  @Post('agents')
  @ApiOperation({
    summary:
      'Multi-agent task distribution: a planner splits the goal into subtasks for agents, run as a DAG, integrated and reviewed',
    description:
      'Result: { goal, plan: [{ id, agent, task, dependsOn }], replanned?, subtasks: [{ id, agent, status, output, startedAt, finishedAt }], answer, critique: { approved, comments }, revised, usage }.',
  })
  @ApiBody(bodyWithExample(agentsBodySchema, AGENTS_EXAMPLE))
  @ApiRunScheduling()
  @ApiAnswers(STARTED, [400, 415])
  agents(
    @Body(new ZodPipe(agentsBodySchema)) body: z.infer<typeof agentsBodySchema>,
    @SchedulingQuery() scheduling: RunScheduling,
  ) {
    const { config } = this.temporal;
    const model = body.model ?? config.llm.models[0]!.name;
    checkModels(config, [
      ['body.model', model],
      ...(body.agents ?? []).map((a, i): [string, string | undefined] => [
        `body.agents[${i}].model`,
        a.model,
      ]),
    ]);
    return this.starter.start(
      WORKFLOW_TYPES.agentsPipeline,
      'pipeline-agents',
      { ...body, model },
      { scheduling },
    );
  }
}
