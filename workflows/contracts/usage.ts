// Token usage of the LLM calls of a run, summed over its activities, child runs and continued
// runs, and broken down by model: what cost and capacity planning need.

import type { z } from 'zod';
import type { tokenCountsSchema, usageSchema } from './usage-schema.js';

export type TokenCounts = z.infer<typeof tokenCountsSchema>;
export type Usage = z.infer<typeof usageSchema>;

/** The fields every llm.* activity output carries, from which usage is counted. */
export interface LlmCallStats {
  model: string;
  promptTokens: number;
  /** Of promptTokens, those this call evaluated: the rest its sequence already held (prefix reuse). */
  promptTokensEvaluated?: number;
  completionTokens: number;
  /** Model calls behind this output; 1 when absent. */
  calls?: number;
  ms: number;
  /** Answered from the result cache (its counts are those of the call that computed it). */
  cached?: boolean;
}

export function emptyUsage(): Usage {
  return { promptTokens: 0, promptTokensEvaluated: 0, completionTokens: 0, calls: 0, byModel: {} };
}

function addCounts(into: TokenCounts, more: TokenCounts): void {
  into.promptTokens += more.promptTokens;
  into.promptTokensEvaluated += more.promptTokensEvaluated;
  into.completionTokens += more.completionTokens;
  into.calls += more.calls;
}

export function addModelUsage(into: Usage, model: string, counts: TokenCounts): void {
  addCounts(into, counts);
  const m = (into.byModel[model] ??= {
    promptTokens: 0,
    promptTokensEvaluated: 0,
    completionTokens: 0,
    calls: 0,
  });
  addCounts(m, counts);
}

export function addUsage(into: Usage, more: Usage): void {
  for (const [model, counts] of Object.entries(more.byModel)) addModelUsage(into, model, counts);
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

/** Prompt tokens evaluated, as reported; counts from before prefix reuse evaluated every prompt token. */
const evaluatedOf = (evaluated: unknown, promptTokens: number): number =>
  isCount(evaluated) ? evaluated : promptTokens;

/** The usage an llm.* activity output reports, or undefined when it carries none. */
export function usageOfLlmOutput(output: unknown): Usage | undefined {
  const o = output as Partial<LlmCallStats> | null;
  if (o === null || typeof o !== 'object' || typeof o.model !== 'string') return undefined;
  if (!isCount(o.promptTokens) || !isCount(o.completionTokens)) return undefined;
  const usage = emptyUsage();
  addModelUsage(usage, o.model, {
    promptTokens: o.promptTokens,
    promptTokensEvaluated: evaluatedOf(o.promptTokensEvaluated, o.promptTokens),
    completionTokens: o.completionTokens,
    calls: isCount(o.calls) ? o.calls : 1,
  });
  return usage;
}

/** A `usage` field of a child run's result (or failure details), when well formed. */
export function usageField(result: unknown): Usage | undefined {
  const u = (result as { usage?: Partial<Usage> } | null)?.usage;
  if (!u || typeof u !== 'object' || typeof u.byModel !== 'object' || u.byModel === null) return undefined;
  const usage = emptyUsage();
  for (const [model, c] of Object.entries(u.byModel)) {
    if (isCount(c?.promptTokens) && isCount(c?.completionTokens) && isCount(c?.calls))
      addModelUsage(usage, model, {
        ...c,
        promptTokensEvaluated: evaluatedOf(c.promptTokensEvaluated, c.promptTokens),
      });
  }
  return usage;
}
