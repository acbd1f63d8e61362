import type { Response } from 'express';
import type { ApiMetrics } from '../metrics/api-metrics.js';
import type { WorkflowInspectorService } from './workflow-inspector.service.js';

const POLL_MS = 1_000;

/**
 * Server-sent events for one workflow: a `state` event (status and progress) whenever it
 * changes, then one `result` event when the run closes. Ends when the client goes away.
 */
export async function streamWorkflow(
  inspector: WorkflowInspectorService,
  workflowId: string,
  res: Response,
  metrics: ApiMetrics,
): Promise<void> {
  const first = await inspector.describe(workflowId); // 404s before any event is written
  res
    .status(200)
    .set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
  let open = true;
  const closed = metrics.sseStreamOpened();
  res.on('close', () => {
    open = false;
    closed();
  });
  const send = (event: string, data: unknown) =>
    res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let last = '';
  let view = first;
  while (open) {
    const snapshot = JSON.stringify({ status: view.status, progress: view.progress });
    if (snapshot !== last) send('state', { status: view.status, progress: view.progress });
    last = snapshot;
    if (view.status !== 'RUNNING') {
      const result = await inspector.result(workflowId, 0);
      send('result', result.body);
      break;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
    if (open) view = await inspector.describe(workflowId);
  }
  res.end();
  closed();
}
