import type { LlmJudgeInput, LlmJudgeOutput } from '../../../workflows/contracts/index.js';
import { parseConstrained } from '../activity-input.js';
import { runChat } from '../chat-runner.js';
import { createCompactJsonGrammar } from '../json-grammar.js';
import type { ModelHost } from '../model-host.js';

const REASON_CHARS = 300;

/**
 * `llm.judge`: the grammar allows only a candidate number from 1 to n, so the index is always
 * valid; the reason comes first (reasoning before deciding judges better) and is bounded so the
 * JSON always closes within the token budget.
 */
export async function judge(
  host: ModelHost,
  input: Omit<LlmJudgeInput, 'candidates'> & { candidates: string[] },
): Promise<LlmJudgeOutput> {
  const n = input.candidates.length;
  const { grammar, parse } = await createCompactJsonGrammar<{ reason: string; best: number }>(host.llama, {
    type: 'object',
    properties: {
      reason: { type: 'string', maxLength: REASON_CHARS },
      best: { enum: Array.from({ length: n }, (_, i) => i + 1) },
    },
  });
  const listed = input.candidates.map((c, i) => `Candidate ${i + 1}:\n${c}`).join('\n\n');
  const result = await runChat(host, {
    history: [
      {
        role: 'system',
        content: `You are a strict judge. Pick the single best candidate by these criteria: ${input.criteria}`,
      },
    ],
    prompt: `${listed}\n\nWhich candidate is best? Answer with JSON {"reason": ..., "best": <candidate number>}.`,
    grammar,
    maxTokens: 512,
    ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
    ...(input.seed !== undefined ? { seed: input.seed } : {}),
  });
  const parsed = parseConstrained(() => parse(result.text), 'llm.judge', result.completionTokens);
  return {
    bestIndex: parsed.best - 1,
    reason: parsed.reason,
    model: host.name,
    promptTokens: result.promptTokens,
    promptTokensEvaluated: result.promptTokensEvaluated,
    completionTokens: result.completionTokens,
    ms: result.ms,
  };
}
