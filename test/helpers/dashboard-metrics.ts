import { readFileSync } from 'node:fs';
import { fromRoot } from '../../config/project-root.js';

interface Panel {
  title: string;
  targets: Array<{ expr: string }>;
}

/** The provisioned Grafana dashboard's panels. */
export function dashboardPanels(): Panel[] {
  const file = fromRoot('temporal-docker', 'grafana', 'dashboards', 'parallel-ai.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { panels: Panel[] }).panels;
}

/**
 * The metric names a PromQL expression reads: identifiers left once label matchers, ranges,
 * `by (…)` clauses, strings and function calls are taken out.
 */
export function metricNamesOf(expr: string): string[] {
  const stripped = expr
    .replace(/"[^"]*"/g, '')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without)\s*\([^)]*\)/g, '')
    .replace(/\b[a-z_]+\s*\(/g, '(');
  return [...new Set(stripped.match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [])];
}

/** Every metric name the dashboard's queries read. */
export function dashboardMetricNames(): string[] {
  return [...new Set(dashboardPanels().flatMap((p) => p.targets.flatMap((t) => metricNamesOf(t.expr))))];
}
