// `run.pattern`: the tool with which an agent fans out on its own — a scatter-gather of prompts, or
// a map-reduce of one instruction over a list — run as a child workflow of the agent's run (so it
// is durable, and its branches stream like any other run's). Its argument shapes are simple
// enough for a small model's grammar; the spec is built here, from them, with the agent's model.
import type { MapReduceSpec, PatternKind, ScatterGatherSpec } from './patterns/index.js';
import type { ToolSpec } from './tools.js';

const MAX_PROMPTS = 8;
const MAX_ITEMS = 50;

export const RUN_PATTERN_TOOL: ToolSpec = {
  name: 'run.pattern',
  description:
    'Runs model calls in parallel as a child run: {"pattern": "scatter-gather", "prompts": [...]} answers each prompt; {"pattern": "map-reduce", "instruction": "...", "items": [...]} applies the instruction to each item. Returns the answers in order.',
  inputSchema: {
    oneOf: [
      {
        type: 'object',
        properties: {
          pattern: { const: 'scatter-gather' },
          prompts: {
            type: 'array',
            items: { type: 'string', minLength: 1, maxLength: 300 },
            minItems: 1,
            maxItems: MAX_PROMPTS,
          },
        },
        required: ['pattern', 'prompts'],
      },
      {
        type: 'object',
        properties: {
          pattern: { const: 'map-reduce' },
          instruction: { type: 'string', minLength: 1, maxLength: 300 },
          items: {
            type: 'array',
            items: { type: 'string', maxLength: 200 },
            minItems: 1,
            maxItems: MAX_ITEMS,
          },
        },
        required: ['pattern', 'instruction', 'items'],
      },
    ],
  },
  sideEffects: false,
  idempotent: true,
  approval: 'never',
  timeoutMs: 10 * 60_000,
  source: 'workflow',
};

const strings = (v: unknown, max: number): string[] | undefined =>
  Array.isArray(v) && v.length >= 1 && v.length <= max && v.every((x) => typeof x === 'string')
    ? v
    : undefined;

/** The child run a `run.pattern` call asks for, or the problem with its arguments (told to the model). */
export function patternOfToolCall(
  args: Record<string, unknown>,
  model: string,
  maxTokens: number,
): { kind: PatternKind; spec: MapReduceSpec | ScatterGatherSpec } | { problem: string } {
  if (args.pattern === 'scatter-gather') {
    const prompts = strings(args.prompts, MAX_PROMPTS);
    if (!prompts) return { problem: `"prompts" must be 1 to ${MAX_PROMPTS} strings` };
    return {
      kind: 'scatter-gather',
      spec: {
        tasks: prompts.map((prompt, i) => ({
          id: `p${i + 1}`,
          activity: 'llm.generate',
          input: { model, prompt, maxTokens },
        })),
        policy: { mode: 'all' },
        aggregate: { kind: 'list', field: 'text' },
      },
    };
  }
  if (args.pattern === 'map-reduce') {
    const items = strings(args.items, MAX_ITEMS);
    if (!items) return { problem: `"items" must be 1 to ${MAX_ITEMS} strings` };
    if (typeof args.instruction !== 'string' || !args.instruction.trim())
      return { problem: '"instruction" must be a non-empty string' };
    return {
      kind: 'map-reduce',
      spec: {
        items,
        mapper: {
          activity: 'llm.generate',
          input: { model, prompt: { $template: `${args.instruction}\n\n{{$item}}` }, maxTokens },
        },
        reducer: 'list.collect',
      },
    };
  }
  return { problem: '"pattern" must be "scatter-gather" or "map-reduce"' };
}
