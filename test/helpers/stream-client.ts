import type { StreamEventsAck, StreamState } from '../../workflows/contracts/index.js';
import { http } from '../../runtime/http-client.js';
import type { HttpResult } from '../../runtime/http-client.js';

/** A producer as the README describes one: a 429 is sent again after its Retry-After (here at most 250 ms). */
export async function deliver(
  baseUrl: string,
  name: string,
  events: Array<Record<string, unknown>>,
  timeoutMs = 60_000,
): Promise<HttpResult<StreamEventsAck> & { refused: number }> {
  const deadline = Date.now() + timeoutMs;
  let refused = 0;
  for (;;) {
    const r = await http<StreamEventsAck>('POST', `${baseUrl}/pipelines/streams/${name}/events`, { events });
    if (r.status !== 429 || Date.now() > deadline) return { ...r, refused };
    refused++;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Polls the stream's state until `done` holds. */
export async function waitForState(
  baseUrl: string,
  name: string,
  done: (s: StreamState) => boolean,
  timeoutMs = 60_000,
): Promise<StreamState> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await http<StreamState>('GET', `${baseUrl}/pipelines/streams/${name}`);
    if (r.status === 200 && done(r.body)) return r.body;
    if (Date.now() > deadline)
      throw new Error(`stream ${name} not there in time: ${JSON.stringify(r.body).slice(0, 2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
