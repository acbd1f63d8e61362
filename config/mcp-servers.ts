// MCP_SERVERS: the Model Context Protocol servers whose tools agents may call — a JSON array, or
// the path of a file holding one. Each is a stdio command (with args and env) or a Streamable
// HTTP URL (with headers); their tools are named `<name>.<tool>`. Checked at start-up: a bad
// entry stops the process naming the field.
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { formatPath } from '../workflows/contracts/patterns/spec-path.js';
import { TOOL_APPROVALS } from '../workflows/contracts/tools.js';
import { fromRoot } from './project-root.js';

const policy = {
  /** Per tool: whether a person approves each call (default: "always" for tools with side effects, else "never"). */
  approval: z.record(z.string().min(1), z.enum(TOOL_APPROVALS)).optional(),
  /**
   * Per tool: whether it changes anything. Default: what the server's annotations say
   * (`readOnlyHint: true` means none); without annotations, a tool is taken to have side effects.
   */
  sideEffects: z.record(z.string().min(1), z.boolean()).optional(),
  /** Start-to-close timeout of one call (default 60 s). */
  timeoutMs: z.int().min(100).max(3_600_000).optional(),
};
const name = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, "_" or "-", at most 40: it prefixes the tool names');

const serverSchema = z.union([
  z.strictObject({
    name,
    command: z.string().min(1),
    args: z.array(z.string()).max(100).optional(),
    env: z.record(z.string(), z.string()).optional(),
    cwd: z.string().min(1).optional(),
    ...policy,
  }),
  z.strictObject({
    name,
    url: z.url(),
    headers: z.record(z.string(), z.string()).optional(),
    ...policy,
  }),
]);

export type McpServerConfig = z.infer<typeof serverSchema>;

export const mcpServersSchema = z
  .array(serverSchema)
  .max(32)
  .refine((list) => new Set(list.map((s) => s.name)).size === list.length, 'server names must be unique');

/** The configured servers; throws naming MCP_SERVERS and the field when the value is not valid. */
export function parseMcpServers(value: string | undefined): McpServerConfig[] {
  if (value === undefined || value.trim() === '') return [];
  const text = /^\s*[[{]/.test(value) ? value : readConfigFile(value.trim());
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`MCP_SERVERS: not JSON (${(err as Error).message})`);
  }
  const parsed = mcpServersSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues
      .map((i) => `${formatPath('MCP_SERVERS', i.path)}: ${i.message}`)
      .join('; ');
    throw new Error(first);
  }
  return parsed.data;
}

function readConfigFile(path: string): string {
  try {
    return readFileSync(fromRoot(path), 'utf8');
  } catch (err) {
    throw new Error(
      `MCP_SERVERS: cannot read the file "${path}" (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
}
