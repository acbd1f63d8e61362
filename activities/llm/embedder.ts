import type { LlamaModel } from 'node-llama-cpp';

/**
 * What embedding activities need of a model: a chat model's host and an embedding-only host both
 * have it. `modelFile` keys the result cache.
 */
export interface Embedder {
  readonly name: string;
  readonly model: Pick<LlamaModel, 'tokenize' | 'detokenize'>;
  readonly modelFile: string;
  embed(text: string, signal?: AbortSignal): Promise<readonly number[]>;
}
