// Deterministic arithmetic of the decision matrix: no model decides the numbers.
import { roundTo } from './format.js';

export interface Scored {
  strategy: string;
  option: string;
  score: number;
}

/** Weights scaled to sum to 1 (equal weights when all are zero). */
export function normalise(
  weights: Record<string, number>,
  strategies: readonly string[],
): Record<string, number> {
  const raw = strategies.map((s) => Math.max(0, weights[s] ?? 0));
  const total = raw.reduce((a, b) => a + b, 0);
  return Object.fromEntries(
    strategies.map((s, i) => [s, total > 0 ? raw[i]! / total : 1 / strategies.length]),
  );
}

/**
 * Each option's weighted mean score over the strategies that scored it (weights renormalised
 * over those), best first; ties keep the options' order.
 */
export function rankOptions(
  options: readonly string[],
  scores: readonly Scored[],
  weights: Record<string, number>,
): Array<{ option: string; score: number }> {
  return options
    .map((option) => {
      const mine = scores.filter((s) => s.option === option);
      const w = mine.reduce((a, s) => a + (weights[s.strategy] ?? 0), 0);
      const total = mine.reduce((a, s) => a + (weights[s.strategy] ?? 0) * s.score, 0);
      return { option, score: w > 0 ? roundTo(total / w, 3) : 0 };
    })
    .sort((a, b) => b.score - a.score);
}

/** The mean of several rankings' scores per option, best first. */
export function meanRanking(
  options: readonly string[],
  rankings: ReadonlyArray<ReadonlyArray<{ option: string; score: number }>>,
): Array<{ option: string; score: number }> {
  return options
    .map((option) => {
      const scores = rankings.map((r) => r.find((x) => x.option === option)?.score ?? 0);
      return { option, score: roundTo(scores.reduce((a, b) => a + b, 0) / Math.max(1, scores.length), 3) };
    })
    .sort((a, b) => b.score - a.score);
}
