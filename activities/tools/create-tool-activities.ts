// The activities of the tools queue: list the tools (built-ins and every MCP server's), and call
// one. A tool that reports an error (bad arguments, a file that is not there, an MCP result with
// isError) returns { ok: false }, which the agent feeds back to its model; a failure to reach the
// tool (an MCP server that died mid-call) throws, so Temporal retries it where the tool allows.
import { ApplicationFailure, Context } from '@temporalio/activity';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';
import { MAX_TOOL_RESULT_CHARS, TOOL_ACTIVITIES } from '../../workflows/contracts/tools.js';
import type {
  ToolCallInput,
  ToolCallOutput,
  ToolListInput,
  ToolListOutput,
  ToolSpec,
} from '../../workflows/contracts/tools.js';
import { RUN_PATTERN_TOOL } from '../../workflows/contracts/run-pattern-tool.js';
import { builtinToolSpecs, isBuiltinTool, runBuiltin, ToolError } from './builtin-tools.js';
import type { McpHub } from './mcp-hub.js';
import { toolMetrics } from './tool-metrics.js';

export interface ToolActivityDeps {
  dataDir: string;
  httpAllow: readonly string[];
  mcp: McpHub;
}

function asText(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function cut(text: string): { result: string; truncated: boolean } {
  return text.length <= MAX_TOOL_RESULT_CHARS
    ? { result: text, truncated: false }
    : { result: `${text.slice(0, MAX_TOOL_RESULT_CHARS)}…`, truncated: true };
}

export function createToolActivities({ dataDir, httpAllow, mcp }: ToolActivityDeps) {
  async function list(input: ToolListInput = {}): Promise<ToolListOutput> {
    const fromMcp = await mcp.tools();
    const tools: ToolSpec[] = [...builtinToolSpecs(httpAllow), RUN_PATTERN_TOOL, ...fromMcp.tools];
    if (!input.names) return { tools, unavailable: fromMcp.unavailable };
    const byName = new Map(tools.map((t) => [t.name, t]));
    const unknown = input.names.filter((n) => !byName.has(n));
    if (unknown.length > 0) {
      const down = fromMcp.unavailable.map((u) => `${u.server} (${u.error})`);
      throw ApplicationFailure.create({
        message:
          `unknown tool${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${[...byName.keys()].join(', ')}` +
          (down.length > 0 ? `; unreachable MCP servers: ${down.join(', ')}` : ''),
        type: ERROR_TYPES.UnknownTool,
        // An unreachable server may come back: only a name no reachable server has is final.
        nonRetryable: fromMcp.unavailable.length === 0,
      });
    }
    return { tools: input.names.map((n) => byName.get(n)!), unavailable: fromMcp.unavailable };
  }

  async function call(input: ToolCallInput): Promise<ToolCallOutput> {
    const started = Date.now();
    const signal = Context.current().cancellationSignal;
    const done = (ok: boolean, value: unknown): ToolCallOutput => {
      toolMetrics.record(input.tool, ok ? 'ok' : 'error', Date.now() - started);
      return { ok, ...cut(asText(value)), ms: Date.now() - started };
    };
    if (typeof input.arguments !== 'object' || input.arguments === null || Array.isArray(input.arguments))
      return done(false, 'arguments must be a JSON object');
    if (isBuiltinTool(input.tool)) {
      try {
        return done(true, await runBuiltin(input.tool, input.arguments, { dataDir, httpAllow, signal }));
      } catch (err) {
        if (err instanceof ToolError) return done(false, err.message);
        toolMetrics.record(input.tool, 'failed', Date.now() - started);
        throw err;
      }
    }
    const dot = input.tool.indexOf('.');
    const server = input.tool.slice(0, dot);
    if (dot < 0 || !mcp.has(server))
      throw ApplicationFailure.nonRetryable(`unknown tool "${input.tool}"`, ERROR_TYPES.UnknownTool);
    try {
      const result = await mcp.call(server, input.tool.slice(dot + 1), input.arguments, signal);
      return done(!result.isError, result.text);
    } catch (err) {
      toolMetrics.record(input.tool, 'failed', Date.now() - started);
      throw ApplicationFailure.retryable(
        `MCP server "${server}": ${(err as Error).message}`,
        'McpCallFailed',
      );
    }
  }

  return { [TOOL_ACTIVITIES.list]: list, [TOOL_ACTIVITIES.call]: call };
}

export type ToolActivities = ReturnType<typeof createToolActivities>;
