import { authHeaders, keyPrompt } from './api-key';
import type {
  Health,
  ListedApproval,
  Models,
  RunInput,
  RunResult,
  Started,
  WorkflowPage,
  WorkflowView,
} from './types';

/** A refused call: its status and the API's messages (for a 400, one "path: problem" each). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(`${status}: ${messages.join('; ')}`);
  }
}

function messagesOf(body: unknown, status: number): string[] {
  const message = (body as { message?: unknown } | null)?.message;
  if (Array.isArray(message)) return message.map(String);
  if (typeof message === 'string') return [message];
  return [`HTTP ${status}`];
}

/**
 * Calls the API this page is served by (same origin). A 401 raises the key prompt. `okStatuses`
 * are answers that are not errors (GET /health's 503 still describes the parts).
 */
export async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  options: { signal?: AbortSignal; okStatuses?: number[] } = {},
): Promise<T> {
  const res = await fetch(path, {
    method,
    headers: {
      accept: 'application/json',
      ...authHeaders(),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = { message: text };
  }
  if (res.status === 401) keyPrompt.require();
  if (!res.ok && !(options.okStatuses ?? []).includes(res.status))
    throw new ApiError(res.status, messagesOf(parsed, res.status));
  return parsed as T;
}

const id = (workflowId: string) => encodeURIComponent(workflowId);

export const api = {
  runs: (q: {
    type?: string;
    status?: string;
    pageSize?: number;
    nextPageToken?: string;
    topLevel?: 'true';
  }) => {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    return call<WorkflowPage>('GET', `/workflows?${params.toString()}`);
  },
  run: (workflowId: string) => call<WorkflowView>('GET', `/workflows/${id(workflowId)}`),
  input: (workflowId: string) => call<RunInput>('GET', `/workflows/${id(workflowId)}/input`),
  result: (workflowId: string) =>
    call<RunResult>('GET', `/workflows/${id(workflowId)}/result`, undefined, { okStatuses: [202] }),
  cancel: (workflowId: string) => call<unknown>('POST', `/workflows/${id(workflowId)}/cancel`),
  start: (path: string, body: unknown, query: URLSearchParams) =>
    call<Started>('POST', `${path}${query.size > 0 ? `?${query.toString()}` : ''}`, body),
  approvals: () => call<{ approvals: ListedApproval[] }>('GET', '/approvals'),
  decide: (
    workflowId: string,
    gate: string,
    decision: { approved: boolean; comment?: string; edits?: unknown },
  ) => call<unknown>('POST', `/workflows/${id(workflowId)}/approvals/${encodeURIComponent(gate)}`, decision),
  health: () => call<Health>('GET', '/health', undefined, { okStatuses: [503] }),
  models: () => call<Models>('GET', '/models'),
  stream: (name: string) =>
    call<Record<string, unknown>>('GET', `/pipelines/streams/${encodeURIComponent(name)}`),
  openApi: () => call<OpenApiDocument>('GET', '/docs-json'),
};

/** The parts of the OpenAPI document the start forms read. */
export interface OpenApiDocument {
  paths: Record<string, Record<string, OpenApiOperation>>;
  components?: { schemas?: Record<string, unknown> };
}
export interface OpenApiOperation {
  summary?: string;
  tags?: string[];
  parameters?: Array<{ name: string; in: string; description?: string; schema?: Record<string, unknown> }>;
  requestBody?: { content?: Record<string, { schema?: Record<string, unknown>; example?: unknown }> };
  responses?: Record<string, unknown>;
}
