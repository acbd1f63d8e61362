// The tools every deployment has. Each declares its arguments once (zod: checked here, and the
// JSON Schema the model's grammar and GET /tools show), whether it has side effects, and how it
// runs. None of them changes anything, so none waits for an approval.
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { all, create } from 'mathjs';
import { z } from 'zod';
import { locateDataFile, isInside, isPlainRelative } from '../../config/data-file.js';
import type { ToolSpec } from '../../workflows/contracts/tools.js';
import { searchCollection } from './collection-search.js';

export interface BuiltinContext {
  dataDir: string;
  httpAllow: readonly string[];
  signal: AbortSignal;
}

/** What a tool reports as its own error: fed back to the model, not retried. */
export class ToolError extends Error {}

interface BuiltinTool<A extends z.ZodType = z.ZodType> {
  description: string;
  args: A;
  timeoutMs: number;
  run(args: z.infer<A>, ctx: BuiltinContext): unknown;
}

const define = <A extends z.ZodType>(tool: BuiltinTool<A>): BuiltinTool => tool;

// mathjs's own expression parser (no JavaScript eval), with the functions that reach outside
// arithmetic switched off, as its security guide advises.
const math = create(all!);
const evaluate = math.evaluate.bind(math);
const disabled = (name: string) => () => {
  throw new Error(`function ${name} is not available`);
};
math.import(
  Object.fromEntries(
    [
      'import',
      'createUnit',
      'evaluate',
      'parse',
      'simplify',
      'derivative',
      'resolve',
      'reviver',
      'compile',
    ].map((n) => [n, disabled(n)]),
  ),
  { override: true },
);

const MAX_READ_BYTES = 64 * 1024;
const MAX_LIST_ENTRIES = 200;
const MAX_FETCH_BYTES = 256 * 1024;

const BUILTINS = {
  'math.evaluate': define({
    description:
      'Evaluates an arithmetic expression (numbers, + - * / ^, parentheses, sqrt, %) and returns its value.',
    args: z.strictObject({
      expression: z.string().min(1).max(500).describe('The arithmetic expression'),
    }),
    timeoutMs: 5_000,
    run({ expression }) {
      let value: unknown;
      try {
        value = evaluate(expression);
      } catch (err) {
        throw new ToolError(`cannot evaluate "${expression}": ${(err as Error).message}`);
      }
      if (typeof value === 'function' || value === undefined)
        throw new ToolError(`"${expression}" is not a value`);
      // The value alone: what a small model has to copy into its answer.
      return math.format(value, { precision: 14, lowerExp: -9, upperExp: 21 });
    },
  }),
  'files.list': define({
    description: 'Lists a folder of the data folder (DATA_DIR): names, kinds and sizes.',
    args: z.strictObject({
      path: z.string().max(500).default('').describe('A folder inside the data folder ("" for its top)'),
    }),
    timeoutMs: 10_000,
    async run({ path }, ctx) {
      if (!isPlainRelative(path))
        throw new ToolError('path must be relative to the data folder, without ".."');
      const folder = join(ctx.dataDir, path);
      if (!isInside(ctx.dataDir, folder)) throw new ToolError('path must stay inside the data folder');
      let entries;
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        throw new ToolError(`"${path}" is not a folder in the data folder`);
      }
      const listed = await Promise.all(
        entries.slice(0, MAX_LIST_ENTRIES).map(async (e) => ({
          name: e.name,
          kind: e.isDirectory() ? 'folder' : e.isFile() ? 'file' : 'other',
          ...(e.isFile() ? { bytes: (await stat(join(folder, e.name))).size } : {}),
        })),
      );
      return {
        path: relative(ctx.dataDir, folder) || '.',
        entries: listed,
        more: entries.length > MAX_LIST_ENTRIES,
      };
    },
  }),
  'files.read': define({
    description: `Reads a text file of the data folder (DATA_DIR), at most ${MAX_READ_BYTES / 1024} KiB.`,
    args: z.strictObject({ path: z.string().min(1).max(500).describe('A file inside the data folder') }),
    timeoutMs: 10_000,
    async run({ path }, ctx) {
      const found = locateDataFile(ctx.dataDir, path);
      if (!found.ok) throw new ToolError(`path: ${found.problem}`);
      const bytes = await readFile(found.path);
      return {
        path,
        text: bytes.subarray(0, MAX_READ_BYTES).toString('utf8'),
        truncated: bytes.length > MAX_READ_BYTES,
      };
    },
  }),
  'collection.search': define({
    description:
      'Keyword search over a document collection that has a research index (built by POST /pipelines/research/index). Returns the best passages.',
    args: z.strictObject({
      collection: z.string().min(1).max(64).describe('The collection, a folder under <DATA_DIR>/collections'),
      query: z.string().min(1).max(500),
      topK: z.int().min(1).max(10).default(3),
    }),
    timeoutMs: 30_000,
    run: ({ collection, query, topK }, ctx) => searchCollection(ctx.dataDir, collection, query, topK),
  }),
  'http.fetch': define({
    description: `GETs a URL from an allowed host (TOOLS_HTTP_ALLOW) and returns its text, at most ${MAX_FETCH_BYTES / 1024} KiB.`,
    args: z.strictObject({ url: z.url().max(2_000) }),
    timeoutMs: 15_000,
    async run({ url }, ctx) {
      const target = new URL(url);
      if (target.protocol !== 'https:' && target.protocol !== 'http:')
        throw new ToolError('only http and https URLs');
      if (!ctx.httpAllow.includes(target.hostname.toLowerCase()))
        throw new ToolError(
          ctx.httpAllow.length === 0
            ? 'http.fetch is off in this deployment (TOOLS_HTTP_ALLOW lists no host)'
            : `host "${target.hostname}" is not allowed (allowed: ${ctx.httpAllow.join(', ')})`,
        );
      const response = await fetch(target, {
        method: 'GET',
        redirect: 'error',
        signal: AbortSignal.any([ctx.signal, AbortSignal.timeout(10_000)]),
      });
      const body = await readCapped(response, MAX_FETCH_BYTES);
      return { status: response.status, contentType: response.headers.get('content-type'), ...body };
    },
  }),
} satisfies Record<string, BuiltinTool>;

async function readCapped(response: Response, max: number): Promise<{ text: string; truncated: boolean }> {
  const reader: ReadableStreamDefaultReader<Uint8Array> | undefined = response.body?.getReader();
  if (!reader) return { text: '', truncated: false };
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < max) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  const truncated = size >= max;
  await reader.cancel().catch(() => undefined);
  return { text: Buffer.concat(chunks).subarray(0, max).toString('utf8'), truncated };
}

export type BuiltinToolName = keyof typeof BUILTINS;
export const BUILTIN_TOOL_NAMES = Object.keys(BUILTINS) as BuiltinToolName[];

export function isBuiltinTool(name: string): name is BuiltinToolName {
  return Object.prototype.hasOwnProperty.call(BUILTINS, name);
}

/** The built-ins as tool specs (`http.fetch` only where hosts are allowed). */
export function builtinToolSpecs(httpAllow: readonly string[]): ToolSpec[] {
  return BUILTIN_TOOL_NAMES.filter((name) => name !== 'http.fetch' || httpAllow.length > 0).map((name) => {
    const tool: BuiltinTool = BUILTINS[name];
    return {
      name,
      description: tool.description,
      inputSchema: z.toJSONSchema(tool.args, { io: 'input', unrepresentable: 'any' }),
      sideEffects: false,
      idempotent: true,
      approval: 'never',
      timeoutMs: tool.timeoutMs,
      source: 'builtin',
    };
  });
}

/** Runs a built-in: arguments that fail its schema are the tool's error, as the model sees it. */
export async function runBuiltin(
  name: BuiltinToolName,
  args: unknown,
  ctx: BuiltinContext,
): Promise<unknown> {
  const tool: BuiltinTool = BUILTINS[name];
  const parsed = tool.args.safeParse(args);
  if (!parsed.success)
    throw new ToolError(
      `arguments: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(object)'}: ${i.message}`).join('; ')}`,
    );
  return await tool.run(parsed.data, ctx);
}
