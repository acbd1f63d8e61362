// How chains' answers are compared: pure functions, so the vote is reproducible arithmetic.
import type { AnswerFormat } from '../../contracts/index.js';

/** Numbers to 6 significant digits; labels and texts lower-cased, spaces and end punctuation folded. */
export function normalizeAnswer(format: AnswerFormat, answer: number | string): string {
  if (format === 'number') return typeof answer === 'number' ? String(Number(answer.toPrecision(6))) : 'NaN';
  return String(answer)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[\s.!?;:,]+$/, '')
    .trim();
}

export interface VoteEntry {
  answer: string;
  count: number;
  /** Chain indices, ascending. */
  chains: number[];
}

/** Self-consistency vote: most chains first; a tie goes to the answer an earlier chain gave. */
export function tally(answers: ReadonlyArray<{ chain: number; normalized: string }>): VoteEntry[] {
  const groups = new Map<string, VoteEntry>();
  for (const a of [...answers].sort((x, y) => x.chain - y.chain)) {
    const g = groups.get(a.normalized) ?? { answer: a.normalized, count: 0, chains: [] };
    g.count++;
    g.chains.push(a.chain);
    groups.set(a.normalized, g);
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || a.chains[0]! - b.chains[0]!);
}
