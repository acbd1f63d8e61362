/** Small fetch wrappers for the end-to-end tests: status plus parsed JSON body. */
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
