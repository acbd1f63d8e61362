import { Context } from '@temporalio/activity';
import { LlamaChatSession } from 'node-llama-cpp';
import type { ChatHistoryItem, LlamaGrammar } from 'node-llama-cpp';
import type { ChatMessage, SamplingOptions } from '../../workflows/contracts/index.js';
import { DEFAULT_MAX_TOKENS } from '../../workflows/contracts/index.js';
import { HeartbeatPacer } from './heartbeat-pacer.js';
import type { ModelHost } from './model-host.js';

export interface ChatRequest extends SamplingOptions {
  /** Earlier turns, system prompt included; the prompt below is the new user turn. */
  history: ChatMessage[];
  prompt: string;
  grammar?: LlamaGrammar;
}

export interface ChatResult {
  text: string;
  promptTokens: number;
  completionTokens: number;
  ms: number;
}

const HEARTBEAT_POLL_MS = 100;

function toHistory(messages: ChatMessage[]): ChatHistoryItem[] {
  return messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [m.content] };
  });
}

/**
 * Runs one chat turn on a borrowed sequence of the model's shared context. Heartbeats carry the
 * tokens generated so far, paced by how busy the model is (see HeartbeatPacer), and the
 * activity's cancellation signal aborts generation at the next token.
 */
export async function runChat(host: ModelHost, request: ChatRequest): Promise<ChatResult> {
  const ctx = Context.current();
  const signal = ctx.cancellationSignal;
  const started = Date.now();
  let chunks = 0;
  const pacer = new HeartbeatPacer(() => host.busySequences);
  const beat = () => {
    if (pacer.due()) ctx.heartbeat({ chunks });
  };
  beat();
  // Keeps heartbeats flowing while the prompt is evaluated (no chunks yet) or the request queues.
  const timer = setInterval(beat, HEARTBEAT_POLL_MS);
  try {
    return await host.withSequence(async (sequence) => {
      const session = new LlamaChatSession({ contextSequence: sequence, autoDisposeSequence: false });
      try {
        if (request.history.length > 0) session.setChatHistory(toHistory(request.history));
        const text = await session.prompt(request.prompt, {
          maxTokens: request.maxTokens ?? DEFAULT_MAX_TOKENS,
          temperature: request.temperature ?? 0,
          ...(request.seed !== undefined ? { seed: request.seed } : {}),
          ...(request.stop?.length ? { customStopTriggers: request.stop } : {}),
          ...(request.grammar ? { grammar: request.grammar } : {}),
          signal,
          stopOnAbortSignal: false,
          onTextChunk: () => {
            chunks++;
            beat();
          },
        });
        return {
          text,
          promptTokens: sequence.tokenMeter.usedInputTokens,
          completionTokens: sequence.tokenMeter.usedOutputTokens,
          ms: Date.now() - started,
        };
      } finally {
        session.dispose({ disposeSequence: false });
      }
    }, signal);
  } catch (err) {
    // Report a cancellation as one (CancelledFailure), not as the library's AbortError.
    if (signal.aborted) throw signal.reason;
    throw err;
  } finally {
    clearInterval(timer);
  }
}
