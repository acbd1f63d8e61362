import { resolveModelFile } from 'node-llama-cpp';
import type { Llama, LlamaEmbeddingContext, LlamaModel } from 'node-llama-cpp';
import { fileIdentity } from './model-file.js';
import { Semaphore } from './semaphore.js';

export interface EmbeddingModelHostOptions {
  name: string;
  /** GGUF path, or an hf:/https: URI downloaded (once) into `downloadDir`. */
  source: string;
  downloadDir: string;
  /** The CPU cores this process may use. */
  threads: number;
}

/**
 * Parallel embedding contexts. A small encoder's call (a few dozen tokens) is too short for
 * llama.cpp's threads to help: all-MiniLM-L6-v2 embeds a 32-token chunk in about the same time
 * on 1 thread as on 2 on this 2-core machine, while two 1-thread contexts side by side embed
 * twice as many chunks a second. So one context per core, each on one thread; on a GPU two.
 */
export function embeddingContexts(llama: Llama, threads: number): { contexts: number; threadsEach: number } {
  if (llama.gpu !== false) return { contexts: 2, threadsEach: threads };
  return { contexts: Math.max(1, Math.min(threads, 8)), threadsEach: 1 };
}

/**
 * An embedding-only model (a BERT-like sentence encoder such as all-MiniLM-L6-v2): it serves
 * llm.embed, llm.consensus and research.embedShard on its own queue and never generates. Calls
 * take a free context from a small pool; more calls than contexts wait their turn. A text longer
 * than the model's context is cut to it, as sentence-transformers does.
 */
export class EmbeddingModelHost {
  private readonly free: LlamaEmbeddingContext[];
  private readonly slots: Semaphore;

  private constructor(
    readonly name: string,
    readonly model: LlamaModel,
    private readonly contexts: LlamaEmbeddingContext[],
    private readonly threadsEach: number,
    private readonly contextSize: number,
    /** The model file's path, size and modification time: what a cached result was computed with. */
    readonly modelFile: string,
  ) {
    this.free = [...contexts];
    this.slots = new Semaphore(contexts.length);
  }

  static async load(llama: Llama, options: EmbeddingModelHostOptions): Promise<EmbeddingModelHost> {
    const modelPath = await resolveModelFile(options.source, { directory: options.downloadDir, cli: false });
    const model = await llama.loadModel({ modelPath });
    const { contexts: count, threadsEach } = embeddingContexts(llama, options.threads);
    const contextSize = Math.min(model.trainContextSize || 512, 2048);
    const contexts: LlamaEmbeddingContext[] = [];
    for (let i = 0; i < count; i++)
      contexts.push(await model.createEmbeddingContext({ contextSize, threads: threadsEach }));
    return new EmbeddingModelHost(
      options.name,
      model,
      contexts,
      threadsEach,
      contextSize,
      await fileIdentity(modelPath),
    );
  }

  /** Calls embedded at once (the worker's activity concurrency). */
  get sequences(): number {
    return this.contexts.length;
  }

  /**
   * Tokens one call can embed: the context less the two special tokens the encoder adds, and
   * one more (node-llama-cpp refuses an input that fills the context exactly).
   */
  get maxTokens(): number {
    return this.contextSize - 3;
  }

  async embed(text: string, signal?: AbortSignal): Promise<readonly number[]> {
    const tokens = this.model.tokenize(text).slice(0, this.maxTokens);
    return this.slots.use(async () => {
      const context = this.free.pop()!;
      try {
        return (await context.getEmbeddingFor(tokens)).vector;
      } finally {
        this.free.push(context);
      }
    }, signal);
  }

  describe(): string {
    return `model=${this.name} kind=embedding contexts=${this.contexts.length} threadsEach=${this.threadsEach} sizeMiB=${Math.round(this.model.size / 2 ** 20)}`;
  }

  async dispose(): Promise<void> {
    for (const context of this.contexts) await context.dispose();
    await this.model.dispose();
  }
}
