import { realpathSync, statSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { BadRequestException, Injectable, PayloadTooLargeException } from '@nestjs/common';
import {
  isObject,
  jsonBytes,
  LIMITS,
  PATTERN_WORKFLOW_TYPES,
  specProblems,
} from '../../workflows/contracts/index.js';
import type { PatternKind } from '../../workflows/contracts/index.js';
import { describeIssues } from '../common/zod-body.pipe.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';
import { PATTERN_BODY_SCHEMAS } from './pattern-schemas.js';
import { WorkflowStarterService } from '../workflows/workflow-starter.service.js';
import type { StartedWorkflow } from '../workflows/workflow-starter.service.js';

/** Validates a pattern body (the same validator the workflow runs) and starts its workflow. */
@Injectable()
export class PatternStarterService {
  constructor(
    private readonly temporal: TemporalClientService,
    private readonly starter: WorkflowStarterService,
  ) {}

  async start(kind: PatternKind, body: unknown): Promise<StartedWorkflow> {
    if (!isObject(body))
      throw new BadRequestException([
        'body: must be a JSON object (sent with "Content-Type: application/json")',
      ]);
    if (kind === 'map-reduce') this.checkInlineItems(body.items);
    const { config } = this.temporal;
    const problems = specProblems(kind, body, {
      knownModels: config.llm.models.map((m) => m.name),
      maxBatches: config.api.maxBatchesPerRequest,
    });
    if (problems.length > 0) throw new BadRequestException(problems);
    // The structure the OpenAPI document states, checked by the very schema it is generated from.
    const parsed = PATTERN_BODY_SCHEMAS[kind].safeParse(body);
    if (!parsed.success) throw new BadRequestException(describeIssues(parsed.error));
    if (kind === 'map-reduce') this.checkLinesSource(body.source);
    return this.starter.start(PATTERN_WORKFLOW_TYPES[kind], kind, body);
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

  /** The file must exist, be a regular file, and stay inside the data folder once links are followed. */
  private checkLinesSource(source: unknown): void {
    if (!isObject(source) || source.type !== 'lines') return;
    const path = String(source.path);
    const root = realOrResolved(this.temporal.config.dataDir);
    let real: string;
    try {
      real = realpathSync(resolve(root, path));
    } catch {
      throw new BadRequestException([
        `body.source.path: "${path}" does not exist in the data folder (DATA_DIR)`,
      ]);
    }
    const rel = relative(root, real);
    if (rel.startsWith('..') || isAbsolute(rel))
      throw new BadRequestException(['body.source.path: must stay inside the data folder (links included)']);
    if (!statSync(real).isFile())
      throw new BadRequestException([`body.source.path: "${path}" is not a regular file`]);
  }
}

function realOrResolved(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}
