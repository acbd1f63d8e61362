/** Answers further from the rest than the others: mean similarity below mean − 1 standard deviation. */
export function outlierIndices(similarity: readonly (readonly number[])[]): {
  means: number[];
  outliers: number[];
} {
  const n = similarity.length;
  if (n < 3) return { means: similarity.map(() => 1), outliers: [] };
  const means = similarity.map((row, i) => row.reduce((s, x, j) => (j === i ? s : s + x), 0) / (n - 1));
  const mean = means.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(means.reduce((a, m) => a + (m - mean) ** 2, 0) / n);
  return { means, outliers: means.flatMap((m, i) => (m < mean - sd ? [i] : [])) };
}
