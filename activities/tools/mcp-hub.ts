// The MCP servers of this deployment, as the tools worker holds them: one client connection per
// server (stdio or Streamable HTTP, through the official SDK), opened on first use and opened
// again after it breaks (a server that died mid-call fails that call, retryably; the next call
// starts it again). Lists tools as ToolSpecs named `<server>.<tool>` and calls them.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { McpServerConfig } from '../../config/mcp-servers.js';
import type { ToolSpec } from '../../workflows/contracts/tools.js';

const CLIENT_INFO = { name: 'parallel-ai-temporal', version: '0.1.0' };
const DEFAULT_TIMEOUT_MS = 60_000;

interface McpTool {
  name: string;
  description?: string;
  inputSchema: Record<string, unknown>;
  annotations?: { readOnlyHint?: boolean; idempotentHint?: boolean; destructiveHint?: boolean };
}

export interface McpCallResult {
  isError: boolean;
  /** The content as text: text parts joined, structured content or other parts as JSON. */
  text: string;
}

class McpConnection {
  private client: Promise<Client> | undefined;

  constructor(readonly config: McpServerConfig) {}

  private connect(): Promise<Client> {
    if (!this.client) {
      const client = new Client(CLIENT_INFO);
      const transport =
        'command' in this.config
          ? new StdioClientTransport({
              command: this.config.command,
              args: this.config.args ?? [],
              // The server gets the default safe environment plus what its entry names.
              ...(this.config.env ? { env: this.config.env } : {}),
              ...(this.config.cwd ? { cwd: this.config.cwd } : {}),
              stderr: 'ignore',
            })
          : new StreamableHTTPClientTransport(new URL(this.config.url), {
              requestInit: { headers: this.config.headers ?? {} },
            });
      // A connection that closes (the server exited) is opened again on the next use.
      client.onclose = () => {
        this.client = undefined;
      };
      const connecting = client.connect(transport).then(() => client);
      connecting.catch(() => {
        this.client = undefined;
      });
      this.client = connecting;
    }
    return this.client;
  }

  async tools(): Promise<ToolSpec[]> {
    const client = await this.connect();
    const out: ToolSpec[] = [];
    let cursor: string | undefined;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      for (const tool of page.tools as McpTool[]) out.push(this.specOf(tool));
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  private specOf(tool: McpTool): ToolSpec {
    const { config } = this;
    const sideEffects = config.sideEffects?.[tool.name] ?? tool.annotations?.readOnlyHint !== true;
    return {
      name: `${config.name}.${tool.name}`,
      description: (tool.description ?? '').slice(0, 1_000),
      inputSchema: tool.inputSchema ?? { type: 'object' },
      sideEffects,
      idempotent: !sideEffects || tool.annotations?.idempotentHint === true,
      approval: config.approval?.[tool.name] ?? (sideEffects ? 'always' : 'never'),
      timeoutMs: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      source: `mcp:${config.name}`,
    };
  }

  async call(tool: string, args: Record<string, unknown>, signal: AbortSignal): Promise<McpCallResult> {
    const client = await this.connect();
    const result = await client.callTool({ name: tool, arguments: args }, undefined, {
      signal,
      timeout: this.config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    });
    return {
      isError: result.isError === true,
      text: contentText(result as { content?: unknown; structuredContent?: unknown }),
    };
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.then((c) => c.close()).catch(() => undefined);
  }
}

function contentText(result: { content?: unknown; structuredContent?: unknown }): string {
  const parts = Array.isArray(result.content) ? (result.content as Array<Record<string, unknown>>) : [];
  if (parts.length === 0 && result.structuredContent !== undefined)
    return JSON.stringify(result.structuredContent);
  return parts
    .map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : JSON.stringify(p)))
    .join('\n');
}

export class McpHub {
  private readonly servers: Map<string, McpConnection>;

  constructor(configs: readonly McpServerConfig[]) {
    this.servers = new Map(configs.map((c) => [c.name, new McpConnection(c)]));
  }

  get serverNames(): string[] {
    return [...this.servers.keys()];
  }

  has(server: string): boolean {
    return this.servers.has(server);
  }

  /** Every server's tools; a server that cannot be reached is reported rather than failing the list. */
  async tools(): Promise<{ tools: ToolSpec[]; unavailable: Array<{ server: string; error: string }> }> {
    const listed = await Promise.all(
      [...this.servers.values()].map(async (s) => {
        try {
          return { tools: await s.tools() };
        } catch (err) {
          return { error: { server: s.config.name, error: (err as Error).message } };
        }
      }),
    );
    return {
      tools: listed.flatMap((l) => l.tools ?? []),
      unavailable: listed.flatMap((l) => (l.error ? [l.error] : [])),
    };
  }

  call(
    server: string,
    tool: string,
    args: Record<string, unknown>,
    signal: AbortSignal,
  ): Promise<McpCallResult> {
    const connection = this.servers.get(server);
    if (!connection) throw new Error(`no MCP server "${server}" is configured`);
    return connection.call(tool, args, signal);
  }

  async close(): Promise<void> {
    await Promise.all([...this.servers.values()].map((s) => s.close()));
  }
}
