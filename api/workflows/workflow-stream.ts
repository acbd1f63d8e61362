import type { FastifyReply } from 'fastify';
import { startEventStream } from '../common/event-stream.js';
import { WorkflowStreamClient } from '@temporalio/workflow-streams/client';
import { workflowStreamOffsetQuery } from '@temporalio/workflow-streams/workflow';
import { LIVE_TOPIC } from '../../workflows/contracts/index.js';
import type { LiveEvent } from '../../workflows/contracts/index.js';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import type { TemporalClientService } from '../temporal/temporal-client.service.js';
import type { WorkflowInspectorService, WorkflowView } from './workflow-inspector.service.js';

const POLL_MS = 1_000;
/** A state is read again at most this often while live events arrive (tokens come many a second). */
const STATE_EVERY_MS = 250;

/**
 * Server-sent events for one workflow: a `state` event (status and progress) whenever it
 * changes, then one `result` event when the run closes. A run with a live stream is followed by
 * its events (a state is read when something happened); other runs (map-reduce, batch, stream)
 * are polled once a second. Ends when the client goes away.
 */
export async function streamWorkflow(
  inspector: WorkflowInspectorService,
  temporal: TemporalClientService,
  workflowId: string,
  reply: FastifyReply,
  metrics: ApiMetrics,
): Promise<void> {
  const first = await inspector.describe(workflowId); // 404s before any event is written
  const res = startEventStream(reply);
  const abort = new AbortController();
  const closed = metrics.sseStreamOpened();
  res.on('close', () => abort.abort());
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let last = '';
  const sendState = (view: WorkflowView) => {
    const snapshot = JSON.stringify({ status: view.status, progress: view.progress });
    if (snapshot !== last) send('state', { status: view.status, progress: view.progress });
    last = snapshot;
  };
  try {
    sendState(first);
    if (first.status === 'RUNNING') {
      const live = await liveOffset(temporal, workflowId);
      if (live !== undefined)
        await followLive(temporal, workflowId, live, abort.signal, inspector, sendState);
      else await poll(inspector, workflowId, abort.signal, sendState);
    }
    if (!abort.signal.aborted) {
      sendState(await inspector.describe(workflowId));
      send('result', (await inspector.result(workflowId, 0)).body);
    }
  } catch (err) {
    if (!abort.signal.aborted) send('error', { message: (err as Error).message });
  } finally {
    res.end();
    closed();
  }
}

/** The run's live-stream offset now, or undefined when it hosts no stream. */
async function liveOffset(temporal: TemporalClientService, workflowId: string): Promise<number | undefined> {
  return temporal
    .call(() => temporal.client.workflow.getHandle(workflowId).query(workflowStreamOffsetQuery), 2_000)
    .catch(() => undefined);
}

async function followLive(
  temporal: TemporalClientService,
  workflowId: string,
  from: number,
  signal: AbortSignal,
  inspector: WorkflowInspectorService,
  sendState: (view: WorkflowView) => void,
): Promise<void> {
  let readAt = 0;
  await temporal.connection.withAbortSignal(signal, async () => {
    const items = WorkflowStreamClient.create(temporal.client, workflowId).subscribe<LiveEvent>(
      LIVE_TOPIC,
      from,
      {
        resultType: true,
      },
    );
    let finished = false;
    for await (const item of items) {
      // Polling once more after run.finished tells the run this subscriber has it all; the
      // subscription then ends as the run closes.
      if (finished) continue;
      if (item.data.type === 'run.finished' && item.data.path === '') {
        finished = true;
        continue;
      }
      if (Date.now() - readAt >= STATE_EVERY_MS) {
        readAt = Date.now();
        sendState(await inspector.describe(workflowId));
      }
    }
  });
}

async function poll(
  inspector: WorkflowInspectorService,
  workflowId: string,
  signal: AbortSignal,
  sendState: (view: WorkflowView) => void,
): Promise<void> {
  for (;;) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (signal.aborted) return;
    const view = await inspector.describe(workflowId);
    if (view.status !== 'RUNNING') return;
    sendState(view);
  }
}
