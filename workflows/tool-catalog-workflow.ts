import { listTools } from './lib/agent-loop.js';
import type { ToolSpec } from './contracts/tools.js';

/**
 * The tools this deployment offers (GET /tools): built-ins and every reachable MCP server's, as
 * the tools worker lists them. A short run, so the API needs no MCP connections of its own.
 */
export async function toolCatalogWorkflow(): Promise<{ tools: ToolSpec[] }> {
  return { tools: await listTools() };
}
