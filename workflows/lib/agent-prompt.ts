// What an agent's model sees each turn and what it may answer: pure functions, so they are part
// of the workflow's deterministic code. The prompt puts what does not change first (instructions,
// goal, tools) and appends the steps, so each turn shares the previous turn's prefix and the model
// worker evaluates only the new steps. The answer's JSON schema becomes a grammar: a turn is
// always either a final answer or calls to the allowed tools with arguments of their shape.
import { isObject } from '../contracts/patterns/json-shape.js';
import type { ToolSpec } from '../contracts/tools.js';
import type { AgentStep } from '../agent/agent-contract.js';

export const DEFAULT_AGENT_SYSTEM =
  'You complete a goal with tools. Use a tool for whatever you cannot do exactly yourself ' +
  '(arithmetic, reading files, searching). Call several tools at once when the calls do not depend ' +
  'on each other. When the tool results answer the goal, give the final answer, quoting results exactly.';

type Schema = Record<string, unknown>;

const isPrimitive = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);

const MAX_STRING = 200;
const MAX_ITEMS = 8;
const MAX_PROPERTIES = 20;

/**
 * A tool's argument schema as a grammar can take it (node-llama-cpp's JSON-Schema subset): the
 * keywords it knows, strings and lists bounded so any call fits a turn's tokens, what it does not
 * know (formats, patterns, numeric ranges) dropped — the tool checks its arguments itself.
 */
export function grammarSchema(schema: unknown, depth = 0): Schema {
  const s = isObject(schema) ? schema : {};
  if (depth > 5) return { type: 'string', maxLength: MAX_STRING };
  if (Array.isArray(s.enum) && s.enum.length > 0) return { enum: s.enum.filter(isPrimitive).slice(0, 50) };
  if ('const' in s && isPrimitive(s.const)) return { const: s.const };
  const union = Array.isArray(s.oneOf) ? s.oneOf : Array.isArray(s.anyOf) ? s.anyOf : undefined;
  if (union && union.length > 0) return { oneOf: union.slice(0, 8).map((u) => grammarSchema(u, depth + 1)) };
  const types = (Array.isArray(s.type) ? s.type : [s.type]).filter((t): t is string => typeof t === 'string');
  const type = types.find((t) => t !== 'null') ?? types[0];
  switch (type) {
    case 'object': {
      const entries = Object.entries(isObject(s.properties) ? s.properties : {}).slice(0, MAX_PROPERTIES);
      const names = entries.map(([k]) => k);
      const required = (Array.isArray(s.required) ? s.required : []).filter(
        (k): k is string => typeof k === 'string' && names.includes(k),
      );
      return {
        type: 'object',
        properties: Object.fromEntries(entries.map(([k, v]) => [k, grammarSchema(v, depth + 1)])),
        required,
        additionalProperties: false,
      };
    }
    case 'array':
      return {
        type: 'array',
        items: grammarSchema(s.items, depth + 1),
        maxItems: Math.min(typeof s.maxItems === 'number' ? s.maxItems : MAX_ITEMS, MAX_ITEMS),
        ...(typeof s.minItems === 'number' ? { minItems: Math.min(s.minItems, MAX_ITEMS) } : {}),
      };
    case 'integer':
    case 'number':
    case 'boolean':
    case 'null':
      return { type };
    default:
      return {
        type: 'string',
        ...(typeof s.minLength === 'number' && s.minLength > 0
          ? { minLength: Math.min(s.minLength, 8) }
          : {}),
        maxLength: Math.min(typeof s.maxLength === 'number' ? s.maxLength : MAX_STRING, MAX_STRING),
      };
  }
}

/** The schema of one turn: tool calls (1 to `maxCalls`, each to an allowed tool) or the answer. */
export function turnSchema(
  tools: readonly ToolSpec[],
  maxCalls: number,
  answerChars: number,
  { mustCall = false }: { mustCall?: boolean } = {},
): Schema {
  const answer = {
    type: 'object',
    properties: { answer: { type: 'string', minLength: 1, maxLength: answerChars } },
    required: ['answer'],
  };
  if (tools.length === 0) return answer;
  const call = tools.map((t) => ({
    type: 'object',
    properties: { tool: { const: t.name }, arguments: grammarSchema(t.inputSchema) },
    required: ['tool', 'arguments'],
  }));
  const calls = {
    type: 'object',
    properties: {
      calls: {
        type: 'array',
        items: call.length === 1 ? call[0] : { oneOf: call },
        minItems: 1,
        maxItems: maxCalls,
      },
    },
    required: ['calls'],
  };
  return mustCall ? calls : { oneOf: [calls, answer] };
}

/** A tool's arguments in a line: `expression (string, required): what it is`. */
function argumentsLine(tool: ToolSpec): string {
  const props = isObject(tool.inputSchema.properties) ? tool.inputSchema.properties : {};
  const required = Array.isArray(tool.inputSchema.required) ? tool.inputSchema.required : [];
  const parts = Object.entries(props).map(([name, p]) => {
    const s = isObject(p) ? p : {};
    const type = typeof s.type === 'string' ? s.type : 'value';
    const note = typeof s.description === 'string' ? `: ${s.description.slice(0, 120)}` : '';
    return `${name} (${type}${required.includes(name) ? ', required' : ''})${note}`;
  });
  return parts.length > 0 ? parts.join('; ') : 'none';
}

/** The instructions: the caller's or the default, then the tools and how to answer. */
export function agentSystem(system: string | undefined, tools: readonly ToolSpec[]): string {
  const toolLines = tools.map(
    (t) => `- ${t.name}: ${t.description.slice(0, 300)} Arguments: ${argumentsLine(t)}`,
  );
  return [
    system ?? DEFAULT_AGENT_SYSTEM,
    tools.length > 0 ? `Tools:\n${toolLines.join('\n')}` : 'You have no tools: answer directly.',
    tools.length > 0
      ? 'Answer with JSON: {"calls": [{"tool": "<name>", "arguments": {...}}]} to call tools, or {"answer": "<text>"} to finish.'
      : 'Answer with JSON: {"answer": "<text>"}.',
  ].join('\n\n');
}

function stepLines(step: AgentStep): string[] {
  if (step.answer !== undefined) return [`Step ${step.step}: answered ${JSON.stringify(step.answer)}`];
  return (step.calls ?? []).map((c) => {
    const outcome = c.status === 'ok' ? 'result' : c.status === 'refused' ? 'refused' : 'error';
    return `Step ${step.step}: called ${c.tool} ${JSON.stringify(c.arguments)} -> ${outcome}: ${c.result}`;
  });
}

/** The turn's prompt: the goal, the steps so far (the oldest summarised past `keep`), what to do now. */
export function agentPrompt(goal: string, steps: readonly AgentStep[], keep: number, final: boolean): string {
  const older = steps.length > keep ? steps.length - keep : 0;
  const lines = [`Goal: ${goal}`];
  if (steps.length > 0) {
    lines.push('', 'So far:');
    if (older > 0) {
      const calls = steps.slice(0, older).reduce((n, s) => n + (s.calls?.length ?? 0), 0);
      lines.push(`(${older} earlier steps with ${calls} tool calls are not shown)`);
    }
    for (const step of steps.slice(older)) lines.push(...stepLines(step));
  }
  lines.push(
    '',
    final
      ? 'No more tool calls: give the final answer to the goal now, with the values the tools returned.'
      : steps.length === 0
        ? 'What do you do first?'
        : 'What next? Call more tools, or give the final answer.',
  );
  return lines.join('\n');
}
