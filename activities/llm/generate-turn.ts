import { LlamaGrammarEvaluationState } from 'node-llama-cpp';
import type { ChatHistoryItem, LlamaContextSequence, LlamaGrammar, Token } from 'node-llama-cpp';
import type { ChatMessage, SamplingOptions } from '../../workflows/contracts/index.js';
import { DEFAULT_MAX_TOKENS } from '../../workflows/contracts/index.js';
import type { InFlightCall, ModelHost } from './model-host.js';
import type { Lease } from './prefix-pool.js';
import { nativeSequenceId, sequenceOrderPriority } from './sequence-order.js';
import { abortedPromise } from './abort-signals.js';

export interface TurnRequest extends SamplingOptions {
  /** Earlier turns, system prompt included; `prompt` is the new user turn. */
  history: ChatMessage[];
  prompt: string;
  grammar?: LlamaGrammar;
  /**
   * When a grammar-constrained answer is complete (the grammar would admit more, such as trailing
   * whitespace); default: a complete JSON value.
   */
  complete?: (text: string) => boolean;
}

export interface TurnResult {
  text: string;
  promptTokens: number;
  /** Prompt tokens evaluated by this call: the rest its sequence already held. */
  promptTokensEvaluated: number;
  completionTokens: number;
  ms: number;
}

export interface TurnHooks {
  /** Stops generation at the next token; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  onToken?: (completionTokens: number) => void;
  /**
   * The generated text in pieces, about every TEXT_EVERY_MS or TEXT_EVERY_TOKENS: their
   * concatenation is exactly the returned text (held back near a possible stop string or an
   * unfinished UTF-8 character until it is certain).
   */
  onText?: (delta: string) => void;
}

const TEXT_EVERY_MS = 100;
const TEXT_EVERY_TOKENS = 32;

/** The rendered prompt does not fit in one sequence's context: retrying cannot help. */
export class PromptTooLongError extends Error {
  override readonly name = 'PromptTooLongError';
}

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  return messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [m.content] };
  });
}

/**
 * One chat turn on a borrowed sequence of the model's shared context, without Temporal.
 *
 * A lean loop rather than LlamaChatSession: the session re-tokenizes and re-renders its chat
 * template for every generated token, which on a small model costs more than the decode itself
 * (55 vs 150 tok/s for one smollm2-135m stream) and, with S streams, serialises S times that
 * work on the event loop between two batched decodes. Here the template is rendered and
 * tokenized once, and each step only samples, checks stops and counts.
 */
export function generateTurn(
  host: ModelHost,
  request: TurnRequest,
  hooks: TurnHooks = {},
): Promise<TurnResult> {
  // Rendered and tokenized before a sequence is chosen: the pool matches on the tokens.
  const chatHistory: ChatHistoryItem[] = [
    ...toHistory(request.history),
    { type: 'user', text: request.prompt },
    { type: 'model', response: [] },
  ];
  const { contextText, stopGenerationTriggers } = host.chatWrapper.generateContextState({ chatHistory });
  const prompt: Prompt = { tokens: contextText.tokenize(host.model.tokenizer), stopGenerationTriggers };
  return host.withSequence(
    prompt.tokens,
    (lease, escape, call) => runTurn(host, lease, call, prompt, request, hooks, escape),
    hooks.signal,
  );
}

interface Prompt {
  tokens: Token[];
  stopGenerationTriggers: ReturnType<
    ModelHost['chatWrapper']['generateContextState']
  >['stopGenerationTriggers'];
}

/**
 * Aligns the sequence's state with the prompt: keeps the `shared` leading tokens it already holds
 * (at most all but the last: the last is evaluated again for the next token's logits), erases
 * the rest, and returns the tokens still to evaluate.
 */
async function alignState(sequence: LlamaContextSequence, prompt: Token[], shared: number): Promise<Token[]> {
  const keep = Math.min(shared, prompt.length - 1);
  if (sequence.nextTokenIndex > keep)
    await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
  return prompt.slice(keep);
}

async function runTurn(
  host: ModelHost,
  { slot: sequence, shared: held }: Lease<LlamaContextSequence>,
  call: InFlightCall,
  { tokens: promptTokens, stopGenerationTriggers }: Prompt,
  request: TurnRequest,
  { signal, onToken, onText }: TurnHooks,
  escape?: AbortSignal,
): Promise<TurnResult> {
  // From holding a sequence, as before: `ms` is the call's time on the model, not its wait.
  const started = Date.now();
  const { model } = host;
  const room = sequence.contextSize - promptTokens.length;
  if (room <= 0) {
    throw new PromptTooLongError(
      `the prompt is ${promptTokens.length} tokens but "${host.name}" has ${sequence.contextSize} tokens of context per sequence`,
    );
  }
  const maxTokens = Math.min(request.maxTokens ?? DEFAULT_MAX_TOKENS, room);

  // The chat template's own end markers are usually single (special) tokens; the rest, and
  // the caller's stop strings, are matched on the decoded text.
  const stopTokens = new Set<Token>();
  const stopStrings = (request.stop ?? []).filter((s) => s.length > 0);
  for (const trigger of stopGenerationTriggers) {
    const tokens = trigger.tokenize(model.tokenizer);
    const text = trigger.toString();
    if (tokens.length === 1) stopTokens.add(tokens[0]!);
    else if (text) stopStrings.push(text);
  }
  const tailLength = Math.max(0, ...stopStrings.map((s) => s.length)) + 32;

  const grammarEvaluationState = request.grammar
    ? new LlamaGrammarEvaluationState({ model, grammar: request.grammar })
    : undefined;
  // An earlier call running now may hold more of this prompt than this sequence does.
  const shared = await host.borrowPrefix(call, held, signal);
  const toEvaluate = await alignState(sequence, promptTokens, shared);
  host.countReused(promptTokens.length - toEvaluate.length);
  const tokens = sequence.evaluate(toEvaluate, {
    temperature: request.temperature ?? 0,
    ...(request.seed !== undefined ? { seed: request.seed } : {}),
    ...(grammarEvaluationState ? { grammarEvaluationState } : {}),
    evaluationPriority: sequenceOrderPriority(nativeSequenceId(sequence)),
  });
  const iterator = tokens[Symbol.asyncIterator]();

  // The next token, or the escape's reason as soon as it aborts: a decode lost inside the
  // library never yields, and the call must still end.
  const escaped = escape ? abortedPromise(escape) : undefined;
  let stepLost = false;
  const nextToken = async () => {
    if (!escaped) return iterator.next();
    try {
      return await Promise.race([iterator.next(), escaped.promise]);
    } catch (err) {
      stepLost = escape!.aborted;
      throw err;
    }
  };

  const output: Token[] = [];
  // A grammar-constrained answer ends when its JSON value is complete: the grammar would still
  // admit trailing whitespace, which a model can spend its whole token budget on.
  let constrained = '';
  let tail = '';
  let stoppedOnString = false;
  // Text handed to onText so far, and when; a stop string may still cut the last characters.
  let emitted = 0;
  let emittedAt = performance.now();
  let emittedTokens = 0;
  const holdBack = Math.max(0, ...stopStrings.map((s) => s.length));
  const emitText = (final?: string) => {
    const full = final ?? model.detokenize(output);
    let end = final !== undefined ? full.length : full.length - holdBack;
    if (final === undefined && full.endsWith('\uFFFD')) end = Math.min(end, full.length - 1);
    if (end > emitted) onText!(full.slice(emitted, end));
    emitted = Math.max(emitted, end);
    emittedAt = performance.now();
    emittedTokens = output.length;
  };
  try {
    while (output.length < maxTokens) {
      signal?.throwIfAborted();
      const next = await nextToken();
      // The prompt is in the sequence's state now: later calls sharing it may copy it.
      if (output.length === 0) call.markEvaluated();
      if (next.done) break;
      const token = next.value;
      if (model.isEogToken(token) || stopTokens.has(token)) break;
      output.push(token);
      onToken?.(output.length);
      if (grammarEvaluationState) {
        const piece = model.detokenize([token]);
        constrained += piece;
        if (
          request.complete
            ? request.complete(constrained)
            : /[}\]]/.test(piece) && isCompleteJson(constrained)
        )
          break;
      }
      if (
        onText &&
        (output.length - emittedTokens >= TEXT_EVERY_TOKENS || performance.now() - emittedAt >= TEXT_EVERY_MS)
      )
        emitText();
      if (stopStrings.length > 0) {
        tail = (tail + model.detokenize([token])).slice(-tailLength);
        if (stopStrings.some((s) => tail.includes(s))) {
          stoppedOnString = true;
          break;
        }
      }
    }
  } finally {
    escaped?.dispose();
    // Closing waits for the pending step; a lost one never ends, so it is closed in the background.
    if (stepLost) void iterator.return?.(undefined)?.catch(() => undefined);
    else await iterator.return?.(undefined);
  }
  signal?.throwIfAborted();

  let text = model.detokenize(output);
  if (stoppedOnString) {
    const cut = Math.min(...stopStrings.map((s) => text.indexOf(s)).filter((i) => i >= 0));
    if (Number.isFinite(cut)) text = text.slice(0, cut);
  }
  if (onText) emitText(text);
  if (output.length >= maxTokens) host.countCapped();
  return {
    text,
    promptTokens: promptTokens.length,
    promptTokensEvaluated: toEvaluate.length,
    completionTokens: output.length,
    ms: Date.now() - started,
  };
}

/** Whether the text is one whole JSON value (possibly with whitespace around it). */
function isCompleteJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}
