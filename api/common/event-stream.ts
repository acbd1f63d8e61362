import type { Response } from 'express';

/** Starts a server-sent-events answer: 200, the SSE content type, no caching, headers sent now. */
export function startEventStream(res: Response): void {
  res
    .status(200)
    .set({ 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
  res.flushHeaders();
}
