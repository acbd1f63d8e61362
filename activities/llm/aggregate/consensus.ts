import { Context } from '@temporalio/activity';
import type { LlmConsensusInput, LlmConsensusOutput } from '../../../workflows/contracts/index.js';
import type { Embedder } from '../embedder.js';

function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** The medoid of vectors and their mean pairwise cosine similarity (pure, unit-tested). */
export function medoid(vectors: ReadonlyArray<readonly number[]>): {
  bestIndex: number;
  score: number;
  similarity: number[][];
} {
  const n = vectors.length;
  const similarity = vectors.map((a, i) => vectors.map((b, j) => (i === j ? 1 : cosine(a, b))));
  if (n < 2) return { bestIndex: 0, score: 1, similarity };
  let bestIndex = 0;
  let bestMean = -Infinity;
  let total = 0;
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let j = 0; j < n; j++) if (j !== i) sum += similarity[i]![j]!;
    total += sum;
    if (sum / (n - 1) > bestMean) {
      bestMean = sum / (n - 1);
      bestIndex = i;
    }
  }
  return { bestIndex, score: total / (n * (n - 1)), similarity };
}

/** `llm.consensus`: embeds every text and picks the one closest in meaning to all the others. */
export async function consensus(
  host: Embedder,
  input: Omit<LlmConsensusInput, 'texts'> & { texts: string[] },
): Promise<LlmConsensusOutput> {
  const started = Date.now();
  const ctx = Context.current();
  const vectors: Array<readonly number[]> = [];
  let promptTokens = 0;
  for (const text of input.texts) {
    vectors.push(await host.embed(text, ctx.cancellationSignal));
    promptTokens += host.model.tokenize(text).length;
    ctx.heartbeat({ embedded: vectors.length });
  }
  const r = medoid(vectors);
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    bestIndex: r.bestIndex,
    score: round(r.score),
    similarity: r.similarity.map((row) => row.map(round)),
    model: host.name,
    promptTokens,
    completionTokens: 0,
    calls: input.texts.length,
    ms: Date.now() - started,
  };
}
