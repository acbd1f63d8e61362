import { BadRequestException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import { isObject, jsonBytes, LIMITS, PATTERN_WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import { specProblems } from '../../workflows/contracts/patterns/spec-schema.js';
import { modelNamesByKind } from '../../config/app-config.js';
import type { PatternKind } from '../../workflows/contracts/index.js';
import { dataFilePath } from '../common/data-file.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { llmInputProblems } from './llm-input-check.js';
import { WorkflowStarterService } from '../workflows/workflow-starter.service.js';
import type { StartedWorkflow } from '../workflows/workflow-starter.service.js';
import type { RunScheduling } from '../common/run-scheduling.js';

/** Admits a pattern body by its spec schema (the one the OpenAPI document shows) and starts its workflow. */
@Injectable()
export class PatternStarterService {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly starter: WorkflowStarterService,
  ) {}

  async start(kind: PatternKind, body: unknown, scheduling?: RunScheduling): Promise<StartedWorkflow> {
    if (!isObject(body))
      throw new BadRequestException([
        'body: must be a JSON object (sent with "Content-Type: application/json")',
      ]);
    if (kind === 'map-reduce') this.checkInlineItems(body.items);
    const { config } = this.temporal;
    const { chat, embedding } = modelNamesByKind(config.llm);
    const problems = specProblems(kind, body, {
      knownModels: chat,
      embeddingModels: embedding,
      maxBatches: config.api.maxBatchesPerRequest,
    });
    if (problems.length > 0) throw new BadRequestException(problems);
    const llmProblems = llmInputProblems(body);
    if (llmProblems.length > 0) throw new BadRequestException(llmProblems);
    if (kind === 'map-reduce') this.checkLinesSource(body.source);
    return this.starter.start(PATTERN_WORKFLOW_TYPES[kind], kind, body, { scheduling });
  }

  private checkInlineItems(items: unknown): void {
    if (!Array.isArray(items)) return;
    const bytes = jsonBytes(items);
    if (items.length > LIMITS.inlineItems || bytes > LIMITS.inlineItemsBytes) {
      throw new PayloadTooLargeException(
        `body.items: ${items.length} items / ${bytes} bytes is over the inline limit of ${LIMITS.inlineItems} items / ` +
          `${LIMITS.inlineItemsBytes} bytes; pass large inputs by reference with "source" ` +
          '({ "type": "range", "start", "end" } or { "type": "lines", "path" } under the data folder)',
      );
    }
  }

  private checkLinesSource(source: unknown): void {
    if (!isObject(source) || source.type !== 'lines') return;
    dataFilePath(this.temporal.config.dataDir, String(source.path), 'body.source.path');
  }
}
