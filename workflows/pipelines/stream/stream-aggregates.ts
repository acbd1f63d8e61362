// What the stream pipeline keeps of each analysed window: counts per label, top terms and the
// latest outputs, and the rolling sums over the windows it retains. Pure functions.
import type { StreamAnalyzerActivity, StreamLatest, StreamWindow } from '../../contracts/index.js';

/** Terms kept per window and in the rolling view; labels beyond this many distinct ones are not counted. */
export const TOP_TERMS = 20;
export const MAX_LABELS = 100;

export interface WindowOutputs {
  labels?: Record<string, number>;
  terms?: Record<string, number>;
  latest: StreamLatest[];
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Adds `more` into `into`; a key not yet in `into` is added only while it has fewer than `maxKeys`. */
export function addCounts(
  into: Record<string, number>,
  more: Record<string, number>,
  maxKeys = Number.MAX_SAFE_INTEGER,
): Record<string, number> {
  for (const [k, n] of Object.entries(more)) {
    if (k in into) into[k]! += n;
    else if (Object.keys(into).length < maxKeys) into[k] = n;
  }
  return into;
}

/** The `n` largest counts, ties by key, as a new object in that order. */
export function topCounts(counts: Record<string, number>, n: number): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, n),
  );
}

/**
 * A window's outputs (one per event, null where the event failed) read for the aggregates:
 * classify → labels; JSON → its data (counted when it has a string "label"); generate → text;
 * text.wordCount → the window's top terms.
 */
export function readOutputs(
  activity: StreamAnalyzerActivity,
  outputs: readonly unknown[],
  events: ReadonlyArray<{ id: string; seq: number }>,
): WindowOutputs {
  const labels: Record<string, number> = {};
  const terms: Record<string, number> = {};
  const latest: StreamLatest[] = [];
  outputs.forEach((out, i) => {
    if (!isRecord(out)) return;
    const { id, seq } = events[i]!;
    if (activity === 'llm.classify' && typeof out.label === 'string') addCounts(labels, { [out.label]: 1 });
    if (activity === 'llm.json') {
      latest.push({ id, seq, output: out.data });
      if (isRecord(out.data) && typeof out.data.label === 'string')
        addCounts(labels, { [out.data.label]: 1 }, MAX_LABELS);
    }
    if (activity === 'llm.generate' && typeof out.text === 'string')
      latest.push({ id, seq, output: out.text.trim() });
    if (activity === 'text.wordCount' && isRecord(out.counts))
      addCounts(terms, out.counts as Record<string, number>);
  });
  return {
    ...(activity === 'llm.classify' || activity === 'llm.json' ? { labels } : {}),
    ...(activity === 'text.wordCount' ? { terms: topCounts(terms, TOP_TERMS) } : {}),
    latest,
  };
}

/** The rolling view over the retained windows. */
export function rollingOf(windows: readonly StreamWindow[]): {
  windows: number;
  events: number;
  labels: Record<string, number>;
  terms: Record<string, number>;
} {
  const labels: Record<string, number> = {};
  const terms: Record<string, number> = {};
  let events = 0;
  for (const w of windows) {
    events += w.events;
    if (w.labels) addCounts(labels, w.labels, MAX_LABELS);
    if (w.terms) addCounts(terms, w.terms);
  }
  return { windows: windows.length, events, labels, terms: topCounts(terms, TOP_TERMS) };
}
