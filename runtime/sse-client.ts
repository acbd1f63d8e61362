/** One server-sent event as received. */
export interface SseEvent {
  id?: string;
  event: string;
  data: string;
}

/**
 * Reads server-sent events from `url` until the server ends the stream, `stopAfter` events have
 * arrived, or `signal` aborts. `headers` go with the request (Last-Event-ID to resume).
 */
export async function readSse(
  url: string,
  options: { headers?: Record<string, string>; stopAfter?: number; onEvent?: (e: SseEvent) => void } = {},
): Promise<{ status: number; events: SseEvent[] }> {
  const abort = new AbortController();
  const res = await fetch(url, { headers: options.headers ?? {}, signal: abort.signal });
  const events: SseEvent[] = [];
  if (!res.ok || !res.body) return { status: res.status, events };
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const e: SseEvent = { event: 'message', data: '' };
        let isEvent = false;
        for (const line of block.split('\n')) {
          if (line.startsWith(':')) continue; // keepalive comment
          const colon = line.indexOf(':');
          const field = line.slice(0, colon);
          const value = line.slice(colon + 1).replace(/^ /, '');
          if (field === 'id') e.id = value;
          else if (field === 'event') e.event = value;
          else if (field === 'data') e.data += value;
          isEvent = true;
        }
        if (!isEvent) continue;
        events.push(e);
        options.onEvent?.(e);
        if (options.stopAfter !== undefined && events.length >= options.stopAfter) {
          abort.abort();
          return { status: res.status, events };
        }
      }
    }
  } catch (err) {
    if (!abort.signal.aborted) throw err;
  }
  return { status: res.status, events };
}
