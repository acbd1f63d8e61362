// The benchmark tables of docs/benchmarks.md, rendered from bench/results/*.json (what the
// benchmark scripts write), so the figures in the docs are the measured ones.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { median } from '../../bench/scenarios/scenario.js';

interface Spread {
  median: number;
  min: number;
  max: number;
  unit: string;
  label: string;
}
interface SuiteScenario {
  title: string;
  ours: Spread;
  peer?: Spread;
  ratio?: number;
  target: string;
  meetsTarget: boolean;
  details?: Record<string, unknown>;
}
interface PipelineFigures {
  parallelSeconds: { median: number };
  oneAtATimeSeconds: { median: number };
  reduction: number;
  completionTokensPerSecond: number;
  usage?: { calls: number };
}

const n = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toString() : x.toFixed(2).replace(/\.?0+$/, ''));
const spread = (s: Spread) => `${n(s.median)} ${s.unit} (${n(s.min)}–${n(s.max)})`;

function suiteTable(r: { runs: number; scenarios: Record<string, SuiteScenario> }): string[] {
  return [
    `Medians (min–max) of ${r.runs} interleaved runs.`,
    '',
    '| scenario | this project (via the API) | peer | ratio | target |',
    '| --- | --- | --- | --: | --- |',
    ...Object.values(r.scenarios).map(
      (s) =>
        `| ${s.title} | ${s.ours.label}: ${spread(s.ours)} | ${s.peer ? `${s.peer.label}: ${spread(s.peer)}` : '—'} | ${s.ratio ?? '—'} | ${s.target}: ${s.meetsTarget ? 'met' : 'not met'} |`,
    ),
    ...(r.scenarios.starts ? startsSidesTable(r.scenarios.starts) : []),
  ];
}

interface StartsDetails {
  sameCallWithoutApi?: number[];
  sameCallBehindBareHttp?: number[];
  cpuMsPerStart?: Record<string, Record<string, number> | undefined>;
}

/** The starts scenario's sides in one table: rate, and CPU per start by process. */
function startsSidesTable(s: SuiteScenario): string[] {
  const d = (s.details ?? {}) as StartsDetails;
  if (!s.peer || !d.sameCallBehindBareHttp || !d.sameCallWithoutApi) return [];
  const runs = (values: number[]): Spread => ({
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    unit: s.ours.unit,
    label: '',
  });
  const sides: Array<[string, Spread, string, string]> = [
    [`${s.ours.label} (the API)`, s.ours, 'api', 'api/main'],
    [
      'the same start behind a bare node:http server',
      runs(d.sameCallBehindBareHttp),
      'sameCallBehindBareHttp',
      'bench/peer/bare-http-starter',
    ],
    [
      "the API's start call from the benchmark's client",
      runs(d.sameCallWithoutApi),
      'sameCallWithoutApi',
      '',
    ],
    [s.peer.label, s.peer, 'plainClient', ''],
  ];
  const cpu = (side: string, role: string) => {
    const ms = role ? d.cpuMsPerStart?.[side]?.[role] : undefined;
    return ms === undefined ? '—' : `${n(ms)} ms`;
  };
  return [
    '',
    'The starts scenario, side by side (CPU per start: medians over the loads; "benchmark" is the load generator and the plain client, with the plain peer\'s workers):',
    '',
    '| side | starts/s | ÷ plain client | CPU: HTTP front | CPU: benchmark | CPU: Temporal server |',
    '| --- | --- | --: | --: | --: | --: |',
    ...sides.map(
      ([label, rate, side, front]) =>
        `| ${label} | ${spread(rate)} | ${n(rate.median / s.peer!.median)} | ${cpu(side, front)} | ${cpu(side, 'bench')} | ${cpu(side, 'temporal server')} |`,
    ),
  ];
}

function pipelinesTable(r: { runs: number; figures: Record<string, PipelineFigures> }): string[] {
  return [
    `Median of ${r.runs}, (a) and (b) interleaved in one run.`,
    '',
    '| pipeline | (a) as built | (b) model calls one at a time | less time | model calls | tokens/s (a) |',
    '| --- | --: | --: | --: | --: | --: |',
    ...Object.entries(r.figures)
      .filter(([, f]) => f.parallelSeconds)
      .map(
        ([name, f]) =>
          `| ${name} | ${n(f.parallelSeconds.median)} s | ${n(f.oneAtATimeSeconds.median)} s | ${Math.round(f.reduction * 100)} % | ${f.usage?.calls ?? '—'} | ${n(f.completionTokensPerSecond)} |`,
      ),
  ];
}

interface PrefixFigures {
  onSeconds: { median: number };
  offSeconds: { median: number };
  lessTime: number;
  evaluatedOverRequested: { on: number; off: number };
}

function prefixTable(r: { runs: number; figures: Record<string, PrefixFigures> }): string[] {
  return [
    `Prefix reuse on against off (LLM_PREFIX_REUSE), median of ${r.runs} interleaved runs each, in the npm start topology.`,
    '',
    '| scenario | on | off | less time | prompt tokens evaluated ÷ requested (on) |',
    '| --- | --: | --: | --: | --: |',
    ...Object.entries(r.figures).map(
      ([name, f]) =>
        `| ${name} | ${n(f.onSeconds.median)} s | ${n(f.offSeconds.median)} s | ${Math.round(f.lessTime * 100)} % | ${n(f.evaluatedOverRequested.on)} |`,
    ),
  ];
}

/** Any other result: its numeric figures, flattened to dotted names (arrays of runs left out). */
function figuresTable(r: Record<string, unknown>): string[] {
  const rows: string[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'number') rows.push(`| ${path} | ${n(value)} |`);
    else if (typeof value === 'string' && path && !['benchmark', 'measuredAt'].includes(path))
      rows.push(`| ${path} | ${value.replace(/\|/g, '\\|')} |`);
    else if (value && typeof value === 'object' && !Array.isArray(value))
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk(r, '');
  return ['| figure | value |', '| --- | --- |', ...rows];
}

const RENDERERS: Record<string, (r: never) => string[]> = {
  suite: suiteTable,
  pipelines: pipelinesTable,
  prefix: prefixTable,
};

/** One section per results file: its name, when it was measured, its table. */
export function benchmarkTables(resultsDir: string): string {
  if (!existsSync(resultsDir)) return 'No results recorded yet: run a benchmark (see above).';
  const files = readdirSync(resultsDir)
    .filter((f) => f.endsWith('.json'))
    .sort();
  if (files.length === 0) return 'No results recorded yet: run a benchmark (see above).';
  return files
    .map((file) => {
      const r = JSON.parse(readFileSync(join(resultsDir, file), 'utf8')) as Record<string, unknown> & {
        benchmark: string;
        measuredAt: string;
      };
      const render = RENDERERS[r.benchmark] ?? figuresTable;
      return [
        `### ${r.benchmark} (\`bench/results/${file}\`, measured ${r.measuredAt.slice(0, 10)})`,
        '',
        ...render(r as never),
      ].join('\n');
    })
    .join('\n\n');
}
