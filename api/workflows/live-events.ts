import type { FastifyReply, FastifyRequest } from 'fastify';
import { startEventStream } from '../common/event-stream.js';
import { z } from 'zod';
import { defaultPayloadConverter } from '@temporalio/common';
import { WorkflowStreamClient } from '@temporalio/workflow-streams/client';
import { decodePayloadWire } from '@temporalio/workflow-streams/workflow';
import { closedRunLog } from './closed-run-log.js';
import { LIVE_EVENT_TYPES, LIVE_TOPIC } from '../../workflows/contracts/index.js';
import type { LiveEvent } from '../../workflows/contracts/index.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import type { TemporalClientService } from '../temporal/temporal-client.service.js';
import type { WorkflowInspectorService } from './workflow-inspector.service.js';

const KEEPALIVE_MS = 15_000;
const csv = z
  .string()
  .max(2_000)
  .transform((s) => s.split(',').filter(Boolean));

/** `?from=&types=&paths=` of GET /workflows/{id}/events. */
export const liveEventsQuerySchema = z.strictObject({
  from: z.coerce.number().int().min(0).optional().describe('The first offset to send (default 0)'),
  types: csv
    .pipe(z.array(z.enum(LIVE_EVENT_TYPES as [string, ...string[]])).max(LIVE_EVENT_TYPES.length))
    .optional()
    .describe(`Only these event types, comma-separated: ${LIVE_EVENT_TYPES.join(', ')}`),
  paths: csv
    .pipe(z.array(z.string().min(1).max(500)).max(100))
    .optional()
    .describe('Only events whose path starts with one of these, comma-separated (e.g. tasks/,nodes/draft)'),
});
export type LiveEventsQuery = z.infer<typeof liveEventsQuerySchema>;

/** Last-Event-ID (a number) wins over ?from: a reconnecting EventSource resumes after it. */
function startOffset(req: FastifyRequest, query: LiveEventsQuery): number {
  const last = req.headers['last-event-id'];
  const n = typeof last === 'string' && /^\d{1,15}$/.test(last) ? Number(last) : undefined;
  return n !== undefined ? n + 1 : (query.from ?? 0);
}

/** Whether an event passes the request's ?types= and ?paths= filters. */
function wanted(query: LiveEventsQuery, e: LiveEvent): boolean {
  return (
    (!query.types || query.types.includes(e.type)) &&
    (!query.paths || query.paths.some((p) => e.path.startsWith(p)))
  );
}

/**
 * Server-sent events of a run's live stream (its Workflow Stream): each event with `id:` its
 * offset in the run's log, so a client that reconnects with Last-Event-ID gets every later event
 * once, in order. Ends after `run.finished`, or when the client goes. A run that has closed
 * sends its whole log again (recovered by replaying its history) and ends.
 */
export async function streamLiveEvents(
  inspector: WorkflowInspectorService,
  temporal: TemporalClientService,
  metrics: ApiMetrics,
  workflowId: string,
  query: LiveEventsQuery,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<void> {
  const view = await inspector.describe(workflowId); // 404 for a run that is not this deployment's
  const res = startEventStream(reply);
  const abort = new AbortController();
  const closed = metrics.sseStreamOpened();
  let finished = false;
  res.on('close', () => {
    if (!finished) abort.abort();
  });
  const keepalive = setInterval(() => res.write(': keepalive\n\n'), KEEPALIVE_MS);
  const send = (offset: number, e: LiveEvent) => {
    if (wanted(query, e)) res.write(`id: ${offset}\nevent: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  };
  /** The next offset this client has not had. */
  let next = startOffset(req, query);
  try {
    if (view.status === 'RUNNING') {
      // Every long poll made inside is cancelled when the client goes away.
      await temporal.stream(abort, () =>
        temporal.connection.withAbortSignal(abort.signal, async () => {
          const client = WorkflowStreamClient.create(temporal.client, workflowId);
          const items = client.subscribe<LiveEvent>(LIVE_TOPIC, next, {
            resultType: true,
            pollCooldown: '20 milliseconds',
          });
          for await (const item of items) {
            // After run.finished the client has it all; the one more poll this loop makes tells the
            // run so (it closes once its subscribers have everything), and then the stream ends.
            if (finished) continue;
            send(item.offset, item.data);
            next = item.offset + 1;
            if (item.data.type === 'run.finished' && item.data.path === '') {
              finished = true;
              clearInterval(keepalive);
              res.end();
              setTimeout(() => abort.abort(), 5_000).unref();
            }
          }
        }),
      );
    }
    // A run that has closed (before this request, or while it was being read): the rest of its
    // log, recovered by replaying its history.
    if (!finished && !abort.signal.aborted) {
      const runId = view.status === 'RUNNING' ? await closedRunId(inspector, workflowId) : view.runId;
      const log = runId === undefined ? undefined : await closedRunLog(temporal, workflowId, runId);
      for (const [i, item] of (log?.items ?? []).entries()) {
        const offset = log!.baseOffset + i;
        if (offset < next || item.topic !== LIVE_TOPIC) continue;
        send(offset, defaultPayloadConverter.fromPayload<LiveEvent>(decodePayloadWire(item.data)));
      }
    }
  } catch (err) {
    if (!abort.signal.aborted && !finished)
      res.write(`event: error\ndata: ${JSON.stringify({ message: (err as Error).message })}\n\n`);
  } finally {
    clearInterval(keepalive);
    closed();
    res.end();
  }
}

/** The run id once the run has closed (it is closing when its stream ended early), or undefined. */
async function closedRunId(
  inspector: WorkflowInspectorService,
  workflowId: string,
): Promise<string | undefined> {
  await inspector.result(workflowId, 10_000);
  const d = await inspector.describe(workflowId);
  return d.status === 'RUNNING' ? undefined : d.runId;
}
