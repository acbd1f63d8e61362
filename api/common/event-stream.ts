import type { ServerResponse } from 'node:http';
import type { FastifyReply } from 'fastify';

/**
 * Starts a server-sent-events answer: 200, the SSE content type, no caching, headers sent now.
 * The reply is the stream's from here on (hijacked: neither Fastify nor Nest sends it), so the
 * stream writes the raw response it returns.
 */
export function startEventStream(reply: FastifyReply): ServerResponse {
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'Content-Type': 'text/event-stream',
    'Cache-Control': 'no-cache',
    Connection: 'keep-alive',
  });
  res.flushHeaders();
  return res;
}
