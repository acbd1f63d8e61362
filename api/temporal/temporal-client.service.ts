import { Inject, Injectable, Logger } from '@nestjs/common';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import type { AppConfig } from '../../config/app-config.js';
import { CUSTOM_SEARCH_ATTRIBUTES, taskQueueNames } from '../../workflows/contracts/index.js';
import type { TaskQueueNames } from '../../workflows/contracts/index.js';
import { APP_CONFIG } from '../common/tokens.js';
import { ensureSearchAttributes } from './search-attributes.js';

/**
 * Owns the API's one Temporal connection. It connects lazily, so the API starts (and /health
 * answers 503) while Temporal is still down; it closes the connection on shutdown.
 */
@Injectable()
export class TemporalClientService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Temporal');
  readonly connection: Connection;
  readonly client: Client;
  readonly queues: TaskQueueNames;
  /** Whether the custom search attributes exist, so starts may set them. */
  searchAttributesReady = false;

  constructor(@Inject(APP_CONFIG) readonly config: AppConfig) {
    this.connection = Connection.lazy(config.temporal.connect.connectionOptions);
    this.client = new Client({ connection: this.connection, namespace: config.temporal.namespace });
    this.queues = taskQueueNames(config.taskQueuePrefix);
  }

  onModuleInit(): void {
    // In the background: an unreachable server must not block (or fail) the API's start.
    void this.registerSearchAttributes();
  }

  private async registerSearchAttributes(): Promise<void> {
    for (let attempt = 1; attempt <= 30 && !this.searchAttributesReady; attempt++) {
      try {
        await ensureSearchAttributes(this.client, this.config.temporal.namespace, CUSTOM_SEARCH_ATTRIBUTES);
        this.searchAttributesReady = true;
      } catch (err) {
        if (attempt === 30)
          this.logger.warn(`custom search attributes not registered: ${(err as Error).message}`);
        else await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /** A deep link into the Temporal Web UI for one run, when the UI's address is known. */
  webUiLink(workflowId: string, runId?: string): string | undefined {
    const base = this.config.temporal.uiUrl;
    if (!base) return undefined;
    const ns = encodeURIComponent(this.config.temporal.namespace);
    const id = encodeURIComponent(workflowId);
    return `${base.replace(/\/$/, '')}/namespaces/${ns}/workflows/${id}${runId ? `/${runId}` : ''}/history`;
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
