import { Inject, Injectable, Logger, ServiceUnavailableException } from '@nestjs/common';
import { ApiMetrics } from '../metrics/api-metrics.js';
import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { OpenTelemetryWorkflowClientInterceptor } from '@temporalio/interceptors-opentelemetry';
import { activeTracing } from '../../telemetry/tracing.js';
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
  private readonly inFlight = new Set<Promise<void>>();
  /** Open subscriptions (server-sent-events streams): aborted and awaited at shutdown. */
  private readonly streams = new Set<{ abort: AbortController; done: Promise<unknown> }>();
  private closing = false;

  constructor(
    @Inject(APP_CONFIG) readonly config: AppConfig,
    private readonly metrics: ApiMetrics,
  ) {
    // A short connect timeout: while Temporal is down, requests answer 503 in seconds, not 20 s.
    this.connection = Connection.lazy({
      connectTimeout: 3_000,
      ...config.temporal.connect.connectionOptions,
    });
    this.client = new Client({
      connection: this.connection,
      namespace: config.temporal.namespace,
      // When this process traces: a span per start, signal, query and Update, its context sent along.
      ...(activeTracing()
        ? { interceptors: { workflow: [new OpenTelemetryWorkflowClientInterceptor()] } }
        : {}),
    });
    this.queues = taskQueueNames(config.taskQueuePrefix);
  }

  private registering: Promise<void> = Promise.resolve();

  onModuleInit(): void {
    // In the background: an unreachable server must not block (or fail) the API's start.
    this.registering = this.registerSearchAttributes();
  }

  private async registerSearchAttributes(): Promise<void> {
    for (let attempt = 1; attempt <= 30 && !this.closing; attempt++) {
      try {
        await this.call(() =>
          ensureSearchAttributes(this.client, this.config.temporal.namespace, CUSTOM_SEARCH_ATTRIBUTES),
        );
        return;
      } catch (err) {
        if (attempt === 30)
          this.logger.warn(`custom search attributes not registered: ${(err as Error).message}`);
        else await new Promise((r) => setTimeout(r, 1_000));
      }
    }
  }

  /**
   * Runs Temporal calls under a deadline (default TEMPORAL_CALL_TIMEOUT_MS). The gRPC deadline
   * alone overshoots while the server is unreachable (the client's retries and reconnects
   * outlast it), so the answer is also a 503 at the deadline itself, and the call is aborted.
   */
  async call<T>(fn: () => Promise<T>, timeoutMs = this.config.api.temporalCallTimeoutMs): Promise<T> {
    const abort = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        abort.abort();
        reject(new ServiceUnavailableException(`Temporal did not answer within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    const work = this.connection.withAbortSignal(abort.signal, () =>
      this.connection.withDeadline(Date.now() + timeoutMs, fn),
    );
    // A late call settles after its answer was given; shutdown waits for it before closing.
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    this.inFlight.add(settled);
    void settled.finally(() => this.inFlight.delete(settled));
    try {
      return await Promise.race([work, late]);
    } catch (err) {
      this.metrics.temporalCallFailed();
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Runs a long-lived subscription (a server-sent-events stream's long polls) that shutdown aborts
   * and waits for, so the connection never closes under a poll still in flight.
   */
  async stream<T>(abort: AbortController, fn: () => Promise<T>): Promise<T> {
    const running = fn();
    const entry = { abort, done: running.catch(() => undefined) };
    this.streams.add(entry);
    try {
      return await running;
    } finally {
      this.streams.delete(entry);
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
    this.closing = true;
    for (const s of this.streams) s.abort.abort();
    // Calls past their deadline end within moments; closing the channel under them would throw.
    const grace = new Promise((r) => setTimeout(r, 10_000).unref());
    await Promise.race([
      Promise.allSettled([...this.inFlight, this.registering, ...[...this.streams].map((s) => s.done)]),
      grace,
    ]);
    await this.connection.close();
  }
}
