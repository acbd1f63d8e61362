/**
 * Small fetch wrappers for the tests, the fuzzer and the benchmarks: status plus parsed JSON body.
 * The body defaults to `any` because callers read many routes' shapes; name T to rely on one.
 */
/* eslint-disable @typescript-eslint/no-explicit-any */
export interface HttpResult<T = any> {
  status: number;
  body: T;
}

export async function http<T = any>(
  method: string,
  url: string,
  body?: unknown,
  raw?: string,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const res = await fetch(url, {
    method,
    headers: {
      ...headers,
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(raw !== undefined ? { body: raw } : body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON
  }
  return { status: res.status, body: parsed as T };
}

/** Polls the result endpoint until the run closes. */
export async function waitForResult<T = any>(
  baseUrl: string,
  workflowId: string,
  timeoutMs = 120_000,
): Promise<HttpResult<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const r = await http<T>(
      'GET',
      `${baseUrl}/workflows/${encodeURIComponent(workflowId)}/result?waitMs=10000`,
    );
    if (r.status !== 202 || Date.now() > deadline) return r;
  }
}
