import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { ResearchEmbedShardInput } from '../../workflows/contracts/index.js';
import type { Embedder } from '../llm/embedder.js';
import { embeddingText } from './chunking.js';
import type { Chunk } from './chunking.js';
import { writeAtomic } from '../files/write-atomic.js';
import { lineIndexOf, readLines } from '../sources/line-index.js';
import { files, indexFolder, readJson } from './index-store.js';
import type { IndexPlan } from './index-store.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

export interface EmbedShardOutput {
  chunks: number;
  /** The shard had been embedded by an earlier attempt or run. */
  cached: boolean;
  model: string;
  promptTokens: number;
  completionTokens: number;
  ms: number;
}

/** What a shard needs of a model: its name, its tokenizer and embeddings (a scripted one will do). */
export type EmbeddingHost = Omit<Embedder, 'modelFile'>;

/**
 * `research.embedShard`: embeds chunks [shard × shardSize, …) of a prepared index — each cut to
 * the index's token budget — and writes them, unit length, as one file of float32 vectors. A
 * shard already on disk is not embedded again, so a rerun after a crash resumes.
 */

export function createEmbedShard(hostFor: (input: { model?: unknown }) => EmbeddingHost, dataDir: string) {
  return async function embedShard(input: ResearchEmbedShardInput): Promise<EmbedShardOutput> {
    const started = Date.now();
    const host = hostFor(input);
    const folder = indexFolder(dataDir, input.index);
    if (input.index.split('/')[1] !== host.name) {
      throw ApplicationFailure.nonRetryable(
        `index "${input.index}" is not embedded with model "${host.name}"`,
        ERROR_TYPES.InvalidInput,
      );
    }
    const plan = await readJson<IndexPlan>(join(folder, files.plan));
    if (!plan)
      throw ApplicationFailure.nonRetryable(
        `index "${input.index}" has no plan: prepare it first`,
        ERROR_TYPES.InvalidInput,
      );
    const { shard } = input;
    if (!Number.isInteger(shard) || shard < 0 || shard >= plan.shards) {
      throw ApplicationFailure.nonRetryable(`shard must be 0–${plan.shards - 1}`, ERROR_TYPES.InvalidInput);
    }
    const target = join(folder, files.shard(shard));
    // Only this shard's lines, through the chunk file's line index: not the whole file per shard.
    const chunkFile = join(folder, files.chunks);
    const chunks = (
      await readLines(
        chunkFile,
        await lineIndexOf(dataDir, chunkFile),
        shard * plan.shardSize,
        (shard + 1) * plan.shardSize,
      )
    ).map((line) => JSON.parse(line) as Chunk);
    const done = { chunks: chunks.length, model: host.name, completionTokens: 0 };
    if (
      await stat(target).then(
        () => true,
        () => false,
      )
    )
      return { ...done, cached: true, promptTokens: 0, ms: Date.now() - started };
    const signal = Context.current().cancellationSignal;
    let promptTokens = 0;
    let vectors: Float32Array | undefined;
    for (const [i, chunk] of chunks.entries()) {
      const tokens = host.model.tokenize(embeddingText(chunk)).slice(0, plan.embedTokens);
      promptTokens += tokens.length;
      const vector = await host.embed(host.model.detokenize(tokens), signal);
      vectors ??= new Float32Array(chunks.length * vector.length);
      const norm = Math.hypot(...vector) || 1;
      vector.forEach((x, d) => (vectors![i * vector.length + d] = x / norm));
      Context.current().heartbeat({ embedded: i + 1 });
    }
    await writeAtomic(target, new Uint8Array(vectors!.buffer));
    return { ...done, cached: false, promptTokens, ms: Date.now() - started };
  };
}
