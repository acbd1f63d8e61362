import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, ServiceUnavailableException } from '@nestjs/common';
import { routingMemo, toolsTaskQueue, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { ToolSpec } from '../../workflows/contracts/index.js';
import { livePollers } from '../health/task-queue-pollers.js';
import { TemporalClientService } from '../temporal/temporal-client.service.js';

/** How long a listing is reused: MCP servers change their tools rarely, and listing costs a run. */
const FRESH_MS = 15_000;
const LIST_TIMEOUT_MS = 20_000;

/**
 * The deployment's tools, as its tools worker lists them (a short toolCatalogWorkflow run), so
 * the API holds no MCP connections: for GET /tools and to refuse unknown tool names with a 400.
 */
@Injectable()
export class ToolCatalogService {
  private cached: { at: number; tools: Promise<ToolSpec[]> } | undefined;

  constructor(private readonly temporal: TemporalClientService) {}

  tools(): Promise<ToolSpec[]> {
    if (this.cached && Date.now() - this.cached.at < FRESH_MS) return this.cached.tools;
    const tools = this.list();
    this.cached = { at: Date.now(), tools };
    tools.catch(() => (this.cached = undefined));
    return tools;
  }

  private async list(): Promise<ToolSpec[]> {
    const { client, config } = this.temporal;
    const queue = toolsTaskQueue(config.taskQueuePrefix);
    const pollers = await this.temporal
      .call(() => livePollers(client, config.temporal.namespace, queue, 'activity', config.api.pollerFreshMs))
      .catch(() => 0);
    if (pollers === 0)
      throw new ServiceUnavailableException(`no tools worker polls ${queue} (start the CPU worker)`);
    const result = await this.temporal.call(
      () =>
        client.workflow.execute(WORKFLOW_TYPES.toolCatalog, {
          workflowId: `tool-catalog-${randomUUID()}`,
          taskQueue: this.temporal.queues.workflows,
          args: [],
          memo: routingMemo(config.taskQueuePrefix),
          workflowExecutionTimeout: LIST_TIMEOUT_MS,
        }) as Promise<{ tools: ToolSpec[] }>,
      LIST_TIMEOUT_MS + 2_000,
    );
    return result.tools;
  }

  /** 400 naming each tool the deployment does not offer. */
  async checkNames(names: readonly string[], field: string): Promise<void> {
    if (names.length === 0) return;
    const known = new Set((await this.tools()).map((t) => t.name));
    const problems = names.flatMap((n, i) =>
      known.has(n) ? [] : [`${field}[${i}]: unknown tool "${n}" (GET /tools lists ${[...known].join(', ')})`],
    );
    if (problems.length > 0) throw new BadRequestException(problems);
  }
}
