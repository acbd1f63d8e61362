import type { RunResult, Usage } from '../api/types';
import { isObject } from '../../../workflows/contracts/patterns/json-shape';

/** Fields that say what a run concluded: shown above the whole result. */
const HEADLINE = [
  'winner',
  'best',
  'recommendation',
  'answer',
  'summary',
  'decision',
  'choice',
  'consensusScore',
  'votes',
  'confidence',
  'agreement',
  'margin',
  'score',
  'label',
  'succeeded',
  'failed',
];

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 400 ? `${s.slice(0, 400)}…` : s;
}

/** The headline fields of a result, at its top level or in its aggregate. */
export function headlineOf(result: unknown): Array<[string, unknown]> {
  if (!isObject(result)) return [];
  const places = [result, result.aggregate, result.aggregated, result.consensus].filter(isObject);
  const out: Array<[string, unknown]> = [];
  for (const place of places)
    for (const key of HEADLINE)
      if (place[key] !== undefined && !out.some(([k]) => k === key)) out.push([key, place[key]]);
  return out;
}

export function usageOf(value: unknown): Usage | undefined {
  const u = isObject(value) ? value.usage : undefined;
  return isObject(u) && typeof u.completionTokens === 'number' ? (u as unknown as Usage) : undefined;
}

export function ResultView({ result }: { result: RunResult | undefined }) {
  if (!result) return <p className="muted">The result appears when the run closes.</p>;
  if (result.status !== 'COMPLETED')
    return (
      <div className="result-failed" data-testid="result" data-status={result.status}>
        <strong>{result.status}</strong>
        <pre>{JSON.stringify(result.error, null, 2)}</pre>
      </div>
    );
  const headline = headlineOf(result.result);
  return (
    <div data-testid="result" data-status={result.status}>
      {headline.length > 0 && (
        <dl className="headline">
          {headline.map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{short(v)}</dd>
            </div>
          ))}
        </dl>
      )}
      <pre className="json">{JSON.stringify(result.result, null, 2)}</pre>
    </div>
  );
}
