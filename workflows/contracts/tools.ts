// Tools an agent may call: what each is (name, arguments schema, side effects, approval), and
// the activities that list and call them on the tools queue. A tool's implementation runs as an
// activity there — a built-in, or a call to an MCP server the tools worker holds a connection to.

/** Whether a person must approve a call before it runs. */
export const TOOL_APPROVALS = ['always', 'never', 'first-use'] as const;
export type ToolApproval = (typeof TOOL_APPROVALS)[number];

export interface ToolSpec {
  /** `<namespace>.<tool>`: a built-in's (`math.evaluate`) or an MCP server's (`fs.read_file`). */
  name: string;
  description: string;
  /** JSON Schema of the arguments object. */
  inputSchema: Record<string, unknown>;
  /** Changes something outside the run (a file written, a message sent). */
  sideEffects: boolean;
  /** Safe to run twice: a side-effecting tool is retried automatically only when it says so. */
  idempotent: boolean;
  approval: ToolApproval;
  /** Start-to-close timeout of one call. */
  timeoutMs: number;
  /** "builtin" or "mcp:<server>". */
  source: string;
}

export interface ToolListInput {
  /** Only these tools (all when absent); an unknown name is an error naming the known ones. */
  names?: string[];
}

export interface ToolListOutput {
  tools: ToolSpec[];
  /** MCP servers that could not be listed, with why (their tools are missing from `tools`). */
  unavailable: Array<{ server: string; error: string }>;
}

export interface ToolCallInput {
  tool: string;
  arguments: Record<string, unknown>;
}

export interface ToolCallOutput {
  /** False when the tool itself reported an error (fed back to the model, not a failed activity). */
  ok: boolean;
  /** The tool's answer as text (JSON for structured results), cut to `MAX_TOOL_RESULT_CHARS`. */
  result: string;
  truncated: boolean;
  ms: number;
}

/** What one tool result may put into a conversation. */
export const MAX_TOOL_RESULT_CHARS = 4_000;

export const TOOL_ACTIVITIES = { list: 'tools.list', call: 'tools.call' } as const;

/** The tools queue: one per deployment, served by the process that holds the MCP connections. */
export function toolsTaskQueue(prefix: string): string {
  return `${prefix}-tools`;
}

/** Tool names: a namespace and a name, as the grammar and the approval gates use them. */
export const TOOL_NAME = /^[A-Za-z0-9_-]{1,40}\.[A-Za-z0-9_.-]{1,80}$/;
