import { authHeaders, keyPrompt } from './api-key';
import type { LiveEvent } from './types';

export interface Delivered {
  offset: number;
  event: LiveEvent;
}

/** Parses one SSE block ("id: 3\nevent: token\ndata: {...}"). */
function parseBlock(block: string): { id?: string; event?: string; data: string } | undefined {
  let id: string | undefined;
  let event: string | undefined;
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue; // keepalive comment
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id') id = value;
    else if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return undefined;
  return {
    ...(id !== undefined ? { id } : {}),
    ...(event !== undefined ? { event } : {}),
    data: data.join('\n'),
  };
}

/**
 * A run's live events (GET /workflows/{id}/events) through fetch, which can send the API key
 * (EventSource cannot). A dropped connection resumes after the last offset it delivered, so no
 * event is missed or seen twice; the stream ends after `run.finished`.
 */
export async function* liveEvents(workflowId: string, signal: AbortSignal): AsyncGenerator<Delivered> {
  let next = 0;
  let failures = 0;
  while (!signal.aborted) {
    let res: Response;
    try {
      res = await fetch(`/workflows/${encodeURIComponent(workflowId)}/events?from=${next}`, {
        headers: { accept: 'text/event-stream', ...authHeaders() },
        signal,
      });
    } catch (err) {
      if (signal.aborted) return;
      if (++failures > 5) throw err;
      await new Promise((r) => setTimeout(r, 1_000 * failures));
      continue;
    }
    if (res.status === 401) keyPrompt.require();
    if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value.replace(/\r\n/g, '\n');
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = parseBlock(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (!block) continue;
          if (block.event === 'error')
            throw new Error((JSON.parse(block.data) as { message?: string }).message ?? 'stream error');
          const offset = Number(block.id);
          const event = JSON.parse(block.data) as LiveEvent;
          next = offset + 1;
          failures = 0;
          yield { offset, event };
          if (event.type === 'run.finished' && event.path === '') return;
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof Error && !(err instanceof TypeError)) throw err; // the API's own error event
    }
    // The response ended without run.finished: the API restarted, or the run closed without a
    // stream. Reconnect from where it stopped; a run with no more events answers at once.
    if (++failures > 5) return;
    await new Promise((r) => setTimeout(r, 500 * failures));
  }
}
