/** One retriever's answer: its items best first. */
export interface RankedList<T> {
  name: string;
  items: readonly T[];
}

export interface FusedItem<T> {
  key: string;
  /** Σ 1 / (k + rank) over the lists that hold the item (rank from 1). */
  score: number;
  /** The item as the list that ranked it best holds it. */
  item: T;
  /** Its rank (from 1) in each list that holds it, by list name. */
  ranks: Record<string, number>;
}

/**
 * Reciprocal rank fusion (Cormack et al., 2009): merges rankings whose scores are not
 * comparable (BM25, cosine, …) by rank alone. An item counts once per list, at its best rank;
 * ties break by key, so the result is deterministic. k = 60 is the paper's constant.
 */
export function reciprocalRankFusion<T>(
  lists: ReadonlyArray<RankedList<T>>,
  keyOf: (item: T) => string,
  k = 60,
): Array<FusedItem<T>> {
  const fused = new Map<string, FusedItem<T> & { best: number }>();
  for (const list of lists) {
    const seen = new Set<string>();
    list.items.forEach((item, i) => {
      const key = keyOf(item);
      if (seen.has(key)) return;
      seen.add(key);
      const rank = i + 1;
      const entry = fused.get(key) ?? { key, score: 0, item, ranks: {}, best: rank };
      entry.score += 1 / (k + rank);
      entry.ranks[list.name] = rank;
      if (rank < entry.best) Object.assign(entry, { best: rank, item });
      fused.set(key, entry);
    });
  }
  return [...fused.values()]
    .sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map(({ best: _best, ...rest }) => rest);
}
