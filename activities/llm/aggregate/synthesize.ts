import type { LlmSynthesizeInput, LlmSynthesizeOutput } from '../../../workflows/contracts/index.js';
import { DEFAULT_MAX_TOKENS } from '../../../workflows/contracts/index.js';
import { invalid } from '../activity-input.js';
import { runChat } from '../chat-runner.js';
import type { TurnResult } from '../generate-turn.js';
import type { ModelHost } from '../model-host.js';
import { packGroups, splitRanges } from './merge-plan.js';

// Room kept for the chat template around the texts, and for each "Text N:" label.
const TEMPLATE_TOKENS = 48;
const LABEL_TOKENS = 8;

function prompt(instruction: string, texts: readonly string[]): string {
  return `${instruction}\n\n${texts.map((t, i) => `Text ${i + 1}:\n${t}`).join('\n\n')}`;
}

/**
 * `llm.synthesize`: one prompt when the texts fit one sequence's context; otherwise groups that
 * fit are merged in parallel, then their merges, until one remains. A text longer than a prompt's
 * room is split into parts first: nothing is dropped.
 */
export async function synthesize(
  host: ModelHost,
  input: Omit<LlmSynthesizeInput, 'texts'> & { texts: string[] },
): Promise<LlmSynthesizeOutput> {
  const started = Date.now();
  const { model } = host;
  const maxTokens = input.maxTokens ?? DEFAULT_MAX_TOKENS;
  const room =
    host.context.contextSize - maxTokens - TEMPLATE_TOKENS - model.tokenize(input.instruction).length;
  // Two merged outputs must fit one prompt, or the merging would never converge.
  if (room < 2 * (maxTokens + LABEL_TOKENS)) {
    const most = Math.floor((host.context.contextSize - TEMPLATE_TOKENS - 2 * LABEL_TOKENS) / 3);
    throw invalid(
      `llm.synthesize: maxTokens ${maxTokens} leaves no room to merge in a context of ${host.context.contextSize} tokens; use at most about ${most}`,
    );
  }
  let texts: string[] = input.texts.flatMap((text) => {
    const tokens = model.tokenize(text);
    if (tokens.length + LABEL_TOKENS <= room) return [text];
    return splitRanges(tokens.length, room - LABEL_TOKENS).map(([a, b]) =>
      model.detokenize(tokens.slice(a, b)),
    );
  });
  const totals = { promptTokens: 0, promptTokensEvaluated: 0, completionTokens: 0, calls: 0 };
  const merge = async (group: readonly string[]): Promise<string> => {
    const r: TurnResult = await runChat(host, {
      history: [
        { role: 'system', content: 'You combine several texts into one, keeping every important point.' },
      ],
      prompt: prompt(input.instruction, group),
      maxTokens,
      ...(input.temperature !== undefined ? { temperature: input.temperature } : {}),
      ...(input.seed !== undefined ? { seed: input.seed } : {}),
      ...(input.stop ? { stop: input.stop } : {}),
    });
    totals.promptTokens += r.promptTokens;
    totals.promptTokensEvaluated += r.promptTokensEvaluated;
    totals.completionTokens += r.completionTokens;
    totals.calls++;
    return r.text.trim();
  };
  let levels = 0;
  for (;;) {
    levels++;
    const sizes = texts.map((t) => model.tokenize(t).length);
    const groups = packGroups(sizes, room, LABEL_TOKENS).map((g) => g.map((i) => texts[i]!));
    // The groups of one level decode together on the model's sequences.
    const merged = await Promise.all(groups.map(merge));
    if (merged.length === 1) {
      return { text: merged[0]!, levels, model: host.name, ...totals, ms: Date.now() - started };
    }
    if (levels >= 20)
      throw new Error(`llm.synthesize: still ${merged.length} texts after ${levels} merge levels`);
    texts = merged;
  }
}
