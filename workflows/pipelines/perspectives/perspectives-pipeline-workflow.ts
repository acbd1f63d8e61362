import { ApplicationFailure } from '@temporalio/workflow';
import {
  ANALYZERS,
  CLASSIFY_TEXT_PREFIX,
  NO_OUTPUTS,
  resolveMarkers,
  SENTIMENTS,
} from '../../contracts/index.js';
import type {
  ActivityName,
  AnalyzerName,
  CorpusReport,
  Entities,
  MapReduceSpec,
  PerspectivesPipelineInput,
  PerspectivesPipelineResult,
  TextAnalysis,
} from '../../contracts/index.js';
import { runActivityNamed } from '../../lib/activity-runner.js';
import { mapReduce } from '../../lib/map-reduce.js';
import { scatterGather } from '../../lib/scatter-gather.js';
import { StageProgress } from '../../lib/stage-progress.js';
import { runUsage } from '../../lib/usage-tracker.js';
import { liveRun } from '../../lib/live.js';
import { ERROR_TYPES } from '../../contracts/error-types.js';
import { useRunCache } from '../../lib/run-cache.js';

const names = { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 5 } as const;
const ENTITY_SCHEMA = {
  type: 'object',
  properties: { people: names, organizations: names, places: names, other: names },
};
const KEYWORD_SCHEMA = {
  type: 'object',
  properties: { keywords: { type: 'array', items: { type: 'string', maxLength: 30 }, maxItems: 6 } },
};

/**
 * The system message of every analyzer: with it, and the document first in every prompt laid out
 * as llm.classify lays out its text, the analyzers' prompts all begin alike (system message,
 * document), so the model server evaluates the document once for all of them (prefix reuse).
 */
const ANALYST_SYSTEM =
  'You analyse texts: you answer questions about the text you are given, using only what it says.';

/**
 * Each analyzer as one activity call whose input takes the document through `$item` markers:
 * resolved here for one text, per document by the map-reduce batches for a file.
 */
function analyzerCall(
  name: AnalyzerName,
  model: string,
  field = '',
): { activity: ActivityName; input: unknown } {
  // A document is the item itself (one text a line), or its "text" field (JSONL).
  const doc = field ? `{{$item.${field}}}` : '{{$item}}';
  const text = `${CLASSIFY_TEXT_PREFIX}${doc}`;
  switch (name) {
    case 'sentiment':
      return {
        activity: 'llm.classify',
        input: {
          model,
          // llm.classify puts CLASSIFY_TEXT_PREFIX before this itself.
          text: { $template: `${doc}\n\nWhich sentiment does this text express: ${SENTIMENTS.join(', ')}?` },
          labels: [...SENTIMENTS],
          instructions: ANALYST_SYSTEM,
        },
      };
    case 'entities':
      return {
        activity: 'llm.json',
        input: {
          model,
          system: ANALYST_SYSTEM,
          prompt: {
            $template: `${text}\n\nList the people, organizations, places and other named entities in this text.`,
          },
          schema: ENTITY_SCHEMA,
          maxTokens: 200,
        },
      };
    case 'summary':
      return {
        activity: 'llm.generate',
        input: {
          model,
          system: ANALYST_SYSTEM,
          prompt: { $template: `${text}\n\nSummarise this text in one or two sentences.` },
          maxTokens: 80,
        },
      };
    case 'keywords':
      return {
        activity: 'llm.json',
        input: {
          model,
          system: ANALYST_SYSTEM,
          prompt: { $template: `${text}\n\nGive up to six keywords of this text.` },
          schema: KEYWORD_SCHEMA,
          maxTokens: 100,
        },
      };
  }
}

/** What each analyzer's output contributes to the analysis. */
function pick(name: AnalyzerName, output: unknown): unknown {
  const o = output as { label?: string; data?: { keywords?: string[] }; text?: string };
  if (name === 'sentiment') return o.label;
  if (name === 'summary') return o.text?.trim();
  if (name === 'keywords') return o.data?.keywords ?? [];
  return o.data;
}

function topCounts(values: string[], top = 10): Array<[string, number]> {
  const counts = new Map<string, [string, number]>();
  for (const v of values) {
    const key = v.trim().toLowerCase();
    if (!key) continue;
    const entry = counts.get(key) ?? [v.trim(), 0];
    entry[1]++;
    counts.set(key, entry);
  }
  return [...counts.values()].sort((a, b) => b[1] - a[1]).slice(0, top);
}

/** The corpus report from per-document outputs (lists in document order, null where one failed). */
function corpusReport(documents: number, results: Partial<Record<AnalyzerName, unknown>>): CorpusReport {
  const report: CorpusReport = { documents };
  const list = (name: AnalyzerName) =>
    ((results[name] as unknown[] | undefined) ?? []).filter((x) => x !== null);
  if (results.sentiment !== undefined) {
    report.sentiment = Object.fromEntries(SENTIMENTS.map((s) => [s, 0]));
    for (const o of list('sentiment')) {
      const label = pick('sentiment', o) as string | undefined;
      if (label) report.sentiment[label] = (report.sentiment[label] ?? 0) + 1;
    }
  }
  if (results.entities !== undefined) {
    const all = list('entities').map((o) => pick('entities', o) as Entities);
    report.entities = (['people', 'organizations', 'places', 'other'] as const).flatMap((kind) =>
      topCounts(
        all.flatMap((e) => e?.[kind] ?? []),
        5,
      ).map(([name, count]) => ({ name, kind, count })),
    );
  }
  if (results.keywords !== undefined) {
    const all = list('keywords').flatMap((o) => pick('keywords', o) as string[]);
    report.keywords = topCounts(all).map(([keyword, count]) => ({ keyword, count }));
  }
  if (results.summary !== undefined) {
    const merged: unknown = results.summary;
    const text = (merged as { text?: unknown } | null)?.text;
    if (typeof text === 'string') report.summary = text.trim();
  }
  return report;
}

/**
 * Multi-perspective analysis. One text: the analyzers (sentiment, entities, summary, keywords) run
 * in parallel. A file of documents: one map-reduce per analyzer, in parallel, every document
 * mapped on the model's queue in batches; the summaries merge hierarchically (llm.synthesize as
 * the reducer) and the rest reduce to a corpus report (sentiment distribution, frequent entities
 * and keywords). A failed analyzer is reported; the others still answer.
 */
export function perspectivesPipelineWorkflow(
  input: PerspectivesPipelineInput,
): Promise<PerspectivesPipelineResult> {
  useRunCache(input.cache);
  return liveRun(input.stream, () => perspectivesPipelineSteps(input));
}

async function perspectivesPipelineSteps(
  input: PerspectivesPipelineInput,
): Promise<PerspectivesPipelineResult> {
  const analyzers = input.analyzers ?? [...ANALYZERS];
  const progress = new StageProgress();
  progress.stage('analyse', analyzers.length);
  const source = input.source;
  const outcomes = await scatterGather(
    analyzers.map((name) => {
      const call = analyzerCall(name, input.model, source?.format === 'jsonl' ? 'text' : '');
      if (source === undefined) {
        const resolved = resolveMarkers(
          call.input,
          { outputs: NO_OUTPUTS, item: { value: input.text, index: 0 } },
          { strict: true },
        );
        return {
          id: name,
          run: () => runActivityNamed(call.activity, resolved),
        };
      }
      const spec: MapReduceSpec = {
        source,
        mapper: call,
        reducer:
          name === 'summary'
            ? {
                activity: 'llm.synthesize',
                params: {
                  model: input.model,
                  instruction: 'Merge these summaries into one short summary of the whole collection.',
                  maxTokens: 160,
                },
              }
            : 'list.collect',
        onItemFailure: 'skip',
        batchSize: 20,
      };
      return { id: name, run: () => mapReduce(spec, `${name}-map-reduce`) };
    }),
    { mode: 'all' },
    { onProgress: progress.track },
  );
  const analyzerStatus = outcomes.map((o) => ({
    name: o.id as AnalyzerName,
    status: o.status,
    ...(o.error ? { error: o.error } : {}),
  }));
  if (outcomes.every((o) => o.status !== 'succeeded')) {
    throw ApplicationFailure.nonRetryable(
      `every analyzer failed: ${outcomes[0]?.error ?? ''}`,
      ERROR_TYPES.AllAnalyzersFailed,
      {
        analyzers: analyzerStatus,
        usage: runUsage(),
      },
    );
  }
  progress.stage('done');
  const succeeded = outcomes.filter((o) => o.status === 'succeeded');
  if (source === undefined) {
    const analysis: TextAnalysis = Object.fromEntries(
      succeeded.map((o) => [o.id, pick(o.id as AnalyzerName, o.output)]),
    );
    return { analysis, analyzers: analyzerStatus, usage: runUsage() };
  }
  const results = Object.fromEntries(
    succeeded.map((o) => [o.id, (o.output as { result: unknown }).result]),
  ) as Partial<Record<AnalyzerName, unknown>>;
  const documents = Math.max(
    0,
    ...succeeded.map((o) => (o.output as { stats: { items: number } }).stats.items),
  );
  return { corpus: corpusReport(documents, results), analyzers: analyzerStatus, usage: runUsage() };
}
