// The research report's arithmetic: pure functions of the checked claims and fused sources, so
// a finding's support and the report's confidence are reproducible and never asked of a model.
import type { ResearchFinding, RetrieverName, SupportLabel } from '../../contracts/index.js';
import { roundTo } from '../../lib/format.js';

export type SupportCounts = Record<SupportLabel, number>;

/** Contradicted when more sources contradict than support it; supported when one does; else unsupported. */
export function supportOf(checks: SupportCounts): SupportLabel {
  if (checks.contradicted > checks.supported) return 'contradicted';
  if (checks.supported > 0) return 'supported';
  return 'unsupported';
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

export interface ConfidenceInput {
  findings: readonly ResearchFinding[];
  /** For each analysed source, the retrievers that found it. */
  analysedRetrievers: ReadonlyArray<readonly RetrieverName[]>;
  retrieversAnswered: number;
  sourcesWanted: number;
}

/**
 * evidence: share of claim checks that found support; conflict: share that found a
 * contradiction; agreement: mean share of the answering retrievers that found each analysed
 * source; coverage: analysed sources over those wanted.
 * confidence = clamp(0.5·evidence + 0.3·agreement + 0.2·coverage − 0.5·conflict).
 */
export function confidenceOf(input: ConfidenceInput): {
  confidence: number;
  factors: { evidence: number; conflict: number; agreement: number; coverage: number };
} {
  let checks = 0;
  let supported = 0;
  let contradicted = 0;
  for (const f of input.findings) {
    checks += f.checks.supported + f.checks.contradicted + f.checks.unsupported;
    supported += f.checks.supported;
    contradicted += f.checks.contradicted;
  }
  const evidence = checks ? supported / checks : 0;
  const conflict = checks ? contradicted / checks : 0;
  const n = input.analysedRetrievers.length;
  const agreement =
    n && input.retrieversAnswered
      ? input.analysedRetrievers.reduce((s, r) => s + r.length / input.retrieversAnswered, 0) / n
      : 0;
  const coverage = input.sourcesWanted ? Math.min(1, n / input.sourcesWanted) : 0;
  const confidence = clamp01(0.5 * evidence + 0.3 * agreement + 0.2 * coverage - 0.5 * conflict);
  return {
    confidence: roundTo(confidence, 2),
    factors: {
      evidence: roundTo(evidence, 2),
      conflict: roundTo(conflict, 2),
      agreement: roundTo(agreement, 2),
      coverage: roundTo(coverage, 2),
    },
  };
}

/** Strongest first: supported before unsupported before contradicted, then by support count. */
export function rankFindings(findings: ResearchFinding[]): ResearchFinding[] {
  const order: Record<SupportLabel, number> = { supported: 0, unsupported: 1, contradicted: 2 };
  return [...findings].sort(
    (a, b) => order[a.support] - order[b.support] || b.checks.supported - a.checks.supported,
  );
}
