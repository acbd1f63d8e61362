import { resolveChatWrapper, resolveModelFile } from 'node-llama-cpp';
import type {
  ChatWrapper,
  Llama,
  LlamaContext,
  LlamaContextSequence,
  LlamaEmbeddingContext,
  LlamaModel,
} from 'node-llama-cpp';
import { ArrivalWindow } from './arrival-window.js';
import { fileIdentity } from './model-file.js';
import { raceAbort } from './abort-signals.js';
import { defaultParallelEvalGain, shouldBorrow } from './prefix-cost.js';
import { commonPrefix, PrefixPool } from './prefix-pool.js';
import type { Lease } from './prefix-pool.js';
import { Semaphore } from './semaphore.js';
import { SequenceMetrics } from './sequence-metrics.js';
import type { MetricMeter } from '@temporalio/common';
import { sequenceOrderStrategy } from './sequence-order.js';

export interface ModelHostOptions {
  name: string;
  /** GGUF path, or an hf:/https: URI downloaded (once) into `downloadDir`. */
  source: string;
  downloadDir: string;
  /** Parallel sequences of the one context; undefined picks a default for the backend. */
  sequences: number | undefined;
  /** Tokens per sequence: set explicitly, never "auto" (which grows until memory is full). */
  contextSize: number;
  threads: number;
  /** Calls reuse the evaluated prompt prefix a free sequence holds (see PrefixPool). */
  prefixReuse?: boolean;
  /** Prompt throughput of two sequences evaluating together over one's (see shouldBorrow). */
  parallelEvalGain?: number;
  /** The worker runtime's metric meter: the pool's gauges and wait times (none in unit tests). */
  meter?: MetricMeter;
}

/** An error escaped the model's decode loop while this call ran: the call is retried. */
export class DecoderEscapeError extends Error {
  override readonly name = 'DecoderEscapeError';
  constructor(model: string, cause: unknown) {
    super(
      `model "${model}": the decoder failed outside any call (${cause instanceof Error ? cause.message : String(cause)}); calls running on it are retried`,
      { cause },
    );
  }
}

/** Fewest shared tokens worth copying from another sequence instead of evaluating them. */
const MIN_DONATION = 32;

/** A call holding a sequence: its prompt, and when that prompt has been evaluated. */
export interface InFlightCall {
  readonly order: number;
  readonly sequence: LlamaContextSequence;
  readonly prompt: readonly number[];
  /** Resolves once the prompt is in the sequence's state (or the call ended). */
  readonly evaluated: Promise<void>;
  markEvaluated(): void;
}

/** node-llama-cpp's (internal) KV copy between sequences of one context, where this version has it. */
type CopyingSequence = LlamaContextSequence & {
  _copyStateFromOtherSequence?: (other: LlamaContextSequence, upToTokenIndex: number) => Promise<boolean>;
};

/**
 * Sequences decoded together by default. GPUs gain up to ~10x from wide batches. On a CPU a
 * small model still gains from 16 (smollm2-135m on 2 cores: 2.4 ms per token at 16 against
 * 3.0 at 8 and 7 alone), while a big one is compute-bound sooner and each sequence's KV cache
 * costs more, so 8.
 */
export function defaultSequences(llama: Llama, modelBytes: number): number {
  if (llama.gpu !== false) return 16;
  return modelBytes < 2 ** 30 ? 16 : 8;
}

/**
 * One loaded model with one context of S sequences. Activities borrow a sequence for the length
 * of one request; concurrent requests decode in the same batch. More requests than sequences
 * wait instead of failing. Sequences keep their evaluated tokens between calls: a request gets the
 * free one sharing the longest prefix with its prompt (PrefixPool) and evaluates only the rest.
 */
export class ModelHost {
  private embeddingContext: Promise<LlamaEmbeddingContext> | undefined;
  private readonly embeddingLock = new Semaphore(1);
  /** Aborted (and replaced) when an error escapes the library outside any call: see failInFlight. */
  private escape = new AbortController();
  private readonly inFlight = new Set<InFlightCall>();
  private calls = 0;

  private constructor(
    readonly name: string,
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly context: LlamaContext,
    /** The model's own chat template (from its GGUF metadata), resolved once. */
    readonly chatWrapper: ChatWrapper,
    private readonly pool: PrefixPool<LlamaContextSequence>,
    private readonly threads: number,
    private readonly arrivals: ArrivalWindow,
    private readonly metrics: SequenceMetrics | undefined,
    private readonly parallelEvalGain: number,
    /** The model file's path, size and modification time: what a cached result was computed with. */
    readonly modelFile: string,
  ) {}

  static async load(llama: Llama, options: ModelHostOptions): Promise<ModelHost> {
    const modelPath = await resolveModelFile(options.source, { directory: options.downloadDir, cli: false });
    const model = await llama.loadModel({ modelPath });
    const sequences = options.sequences ?? defaultSequences(llama, model.size);
    const arrivals = new ArrivalWindow();
    const context = await model.createContext({
      sequences,
      contextSize: options.contextSize,
      threads: options.threads,
      batchSize: Math.min(options.contextSize * sequences, 2048),
      batching: { itemPrioritizationStrategy: sequenceOrderStrategy, dispatchSchedule: arrivals.schedule },
    });
    return new ModelHost(
      options.name,
      llama,
      model,
      context,
      resolveChatWrapper(model),
      new PrefixPool({
        size: sequences,
        reuse: options.prefixReuse ?? true,
        create: () => context.getSequence(),
        tokensOf: (sequence) => sequence.contextTokens,
      }),
      options.threads,
      arrivals,
      options.meter ? new SequenceMetrics(options.meter, options.name) : undefined,
      options.parallelEvalGain ?? defaultParallelEvalGain(llama.gpu),
      await fileIdentity(modelPath),
    );
  }

  get sequences(): number {
    return this.pool.size;
  }

  /** A call's prompt tokens its sequence already held, or copied from another (prefix metrics). */
  countReused(tokens: number): void {
    this.metrics?.prefix(tokens);
  }

  /** A call generated as many tokens as it was allowed (`llm_calls_at_token_cap`). */
  countCapped(): void {
    this.metrics?.capped();
  }

  get busySequences(): number {
    return this.pool.inUse;
  }

  /**
   * Fails every call now running on this model with a retryable DecoderEscapeError. For an
   * error the library threw outside any call (an unhandled rejection in its batch loop): the
   * call it belonged to would otherwise wait forever for its next token, holding a sequence.
   */
  failInFlight(cause: unknown): void {
    const escape = this.escape;
    this.escape = new AbortController();
    escape.abort(new DecoderEscapeError(this.name, cause));
  }

  /**
   * Runs `fn` on the free sequence sharing the longest prefix with `prompt` (the lease says how
   * many tokens); the sequence goes back to the pool however `fn` ends. `fn` gets a signal that
   * aborts when the call is failed by failInFlight. A failed or cancelled call's sequence is
   * cleared before anyone else gets it; one whose decode was lost is dropped.
   */
  withSequence<T>(
    prompt: readonly number[],
    fn: (lease: Lease<LlamaContextSequence>, escape: AbortSignal, call: InFlightCall) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const askedAt = performance.now();
    const running = (async () => {
      const lease = await this.pool.acquire(prompt, signal);
      this.metrics?.waited(performance.now() - askedAt);
      this.metrics?.changed(this.pool.inUse, this.pool.waiting);
      this.arrivals.arrived();
      const escape = this.escape.signal;
      let markEvaluated = () => {};
      const evaluated = new Promise<void>((resolve) => (markEvaluated = resolve));
      const call: InFlightCall = {
        order: this.calls++,
        sequence: lease.slot,
        prompt,
        evaluated,
        markEvaluated,
      };
      this.inFlight.add(call);
      let trusted = true;
      try {
        return await fn(lease, escape, call);
      } catch (err) {
        trusted = false;
        throw err;
      } finally {
        this.inFlight.delete(call);
        call.markEvaluated();
        if (escape.aborted) {
          // A sequence whose decode was lost never settles: drop it without waiting.
          void lease.slot.dispose().catch(() => undefined);
          this.pool.release(lease.slot, false);
        } else {
          if (!trusted) await lease.slot.clearHistory().catch(() => undefined);
          this.pool.release(lease.slot);
        }
      }
    })();
    // The call is queued (or holds a sequence) by now; the gauges follow it to its end.
    this.metrics?.changed(this.pool.inUse, this.pool.waiting);
    return running.finally(() => this.metrics?.changed(this.pool.inUse, this.pool.waiting));
  }

  /**
   * Copies into `call`'s sequence the longest prefix of its prompt that an earlier call still
   * running holds (or is evaluating: it waits for that), when that is at least MIN_DONATION tokens
   * more than the sequence already shares and waiting for it is cheaper than evaluating it here
   * (shouldBorrow). Calls that share a document and arrive together then evaluate it once:
   * copying a prefix's KV state costs far less than evaluating it. Returns the tokens the
   * sequence now shares with the prompt.
   */
  async borrowPrefix(call: InFlightCall, shared: number, signal?: AbortSignal): Promise<number> {
    const sequence = call.sequence as CopyingSequence;
    if (!this.pool.reuses || typeof sequence._copyStateFromOtherSequence !== 'function') return shared;
    let donor: InFlightCall | undefined;
    let most = shared + MIN_DONATION - 1;
    for (const other of this.inFlight) {
      if (other.order >= call.order) continue; // only earlier calls: none waits on a later one
      const n = commonPrefix(other.prompt, call.prompt);
      if (n > most) [donor, most] = [other, n];
    }
    if (!donor) return shared;
    // The donor's prompt tokens not in its state yet: what borrowing waits for.
    const pending = donor.prompt.length - commonPrefix(donor.sequence.contextTokens, donor.prompt);
    if (!shouldBorrow(most - shared, pending, this.parallelEvalGain)) return shared;
    await raceAbort(donor.evaluated, signal);
    const held = Math.min(commonPrefix(donor.sequence.contextTokens, call.prompt), call.prompt.length - 1);
    if (held < shared + MIN_DONATION || !this.inFlight.has(donor)) return shared;
    await sequence._copyStateFromOtherSequence(donor.sequence, held);
    return commonPrefix(sequence.contextTokens, call.prompt);
  }

  /** Embedding contexts serialise their calls anyway; the lock makes the queueing explicit. */
  embed(text: string, signal?: AbortSignal): Promise<readonly number[]> {
    this.embeddingContext ??= this.model.createEmbeddingContext({
      contextSize: Math.min(this.context.contextSize, 2048),
      threads: this.threads,
    });
    return this.embeddingLock.use(async () => {
      const ctx = await this.embeddingContext!;
      return (await ctx.getEmbeddingFor(text)).vector;
    }, signal);
  }

  describe(): string {
    return `model=${this.name} sequences=${this.sequences} contextSize=${this.context.contextSize} sizeMiB=${Math.round(this.model.size / 2 ** 20)}`;
  }

  async dispose(): Promise<void> {
    if (this.embeddingContext) await (await this.embeddingContext).dispose();
    await this.context.dispose();
    await this.model.dispose();
  }
}
