import { ApplicationFailure } from '@temporalio/workflow';
import {
  CLASSIFY_TEXT_PREFIX,
  RESEARCH_DEFAULTS,
  succeeded,
  SUPPORT_LABELS,
  WORKFLOW_TYPES,
} from '../../contracts/index.js';
import type {
  ResearchHit,
  ResearchIndexResult,
  ResearchPipelineInput,
  ResearchPipelineResult,
  ResearchSource,
  RetrieverName,
  SupportLabel,
} from '../../contracts/index.js';
import { runActivity } from '../../lib/activity-runner.js';
import { forEach } from '../../lib/for-each.js';
import { reciprocalRankFusion } from '../../lib/rank-fusion.js';
import { runChild } from '../../lib/run-task.js';
import { scatterGather } from '../../lib/scatter-gather.js';
import { StageProgress } from '../../lib/stage-progress.js';
import { runUsage } from '../../lib/usage-tracker.js';
import { confidenceOf, rankFindings, supportOf } from './research-findings.js';
import { clip, roundTo } from '../../lib/format.js';
import { liveRun } from '../../lib/live.js';
import { ERROR_TYPES } from '../../contracts/error-types.js';
import { useRunCache } from '../../lib/run-cache.js';

/** Sources listed in the report: the analysed ones and the next few the fusion ranked. */
const LISTED_SOURCES = 10;
/**
 * The system message of a source's analysis and of the claim checks against it alike: with it,
 * and the source first in both, a check's prompt continues the analysis' prompt, so the model
 * server evaluates each source once for its analysis and all its checks (prefix reuse).
 */
const READER_SYSTEM =
  'You read sources for a research question: you say what a source states and judge claims against it, using only what the source says.';

interface Analysis {
  summary: string;
  claims: string[];
}

/**
 * Research assistant over a local collection. Index: the collection's index, built or found
 * current by a `research-index` child run. Gather: keyword (BM25), embedding and
 * query-expansion retrievers in parallel, fused by reciprocal rank per document. Analyse: each
 * top source summarised and its claims extracted, in parallel; every claim then checked against
 * the other sources, in parallel. Synthesise: an answer from the findings; support and
 * confidence are computed here, not asked of the model. A failed retriever, source or check is
 * reported in `failures` and the report is made from the rest.
 */
export function researchPipelineWorkflow(input: ResearchPipelineInput): Promise<ResearchPipelineResult> {
  useRunCache(input.cache);
  return liveRun(input.stream, () => researchPipelineSteps(input));
}

async function researchPipelineSteps(input: ResearchPipelineInput): Promise<ResearchPipelineResult> {
  const { question, model, embedModel } = input;
  const policy = { mode: 'all' as const, ...(input.timeoutMs ? { timeoutMs: input.timeoutMs } : {}) };
  const collection = input.collection ?? RESEARCH_DEFAULTS.collection;
  const retrieverNames = input.retrievers ?? RESEARCH_DEFAULTS.retrievers;
  const maxSources = input.maxSources ?? RESEARCH_DEFAULTS.maxSources;
  const claimsPerSource = input.claimsPerSource ?? RESEARCH_DEFAULTS.claimsPerSource;
  const minSuccesses = input.minSuccesses ?? RESEARCH_DEFAULTS.minSuccesses;
  const topK = RESEARCH_DEFAULTS.hitsPerRetriever;
  const failures: string[] = [];
  const progress = new StageProgress();

  progress.stage('index', 1);
  const { usage: _indexUsage, ...index } = await runChild<ResearchIndexResult>(
    WORKFLOW_TYPES.researchIndex,
    'index',
    [{ collection, model: embedModel }],
  );

  // --- gather ---
  const search = async (query: string) =>
    (await runActivity('research.search', { index: index.index, mode: 'keywords', query, topK })).hits;
  const expandedQueries: string[] = [];
  const retrieve: Record<RetrieverName, () => Promise<ResearchHit[]>> = {
    keywords: () => search(question),
    vectors: async () => {
      const { vector } = await runActivity('llm.embed', { model: embedModel, text: question });
      return (await runActivity('research.search', { index: index.index, mode: 'vectors', vector, topK }))
        .hits;
    },
    expansion: async () => {
      const { data } = await runActivity('llm.json', {
        model,
        prompt: `Write ${RESEARCH_DEFAULTS.expansions} different web search queries, in plain words, that would find documents answering this question.\nQuestion: ${question}`,
        schema: {
          type: 'object',
          properties: {
            queries: {
              type: 'array',
              items: { type: 'string', maxLength: 80 },
              minItems: 1,
              maxItems: RESEARCH_DEFAULTS.expansions,
            },
          },
        },
        maxTokens: 120,
      });
      const queries = [
        ...new Set(((data as { queries?: string[] }).queries ?? []).map((q) => q.trim()).filter(Boolean)),
      ];
      if (queries.length === 0)
        throw ApplicationFailure.nonRetryable('the model wrote no search query', ERROR_TYPES.NoQueries);
      expandedQueries.push(...queries);
      const lists = await scatterGather(
        queries.map((q, i) => ({ id: `query-${i + 1}`, run: () => search(q) })),
        { mode: 'all' },
      );
      const answered = lists.filter(succeeded);
      if (answered.length === 0)
        throw ApplicationFailure.nonRetryable(`every expanded query failed: ${lists[0]?.error}`);
      return reciprocalRankFusion(
        answered.map((l) => ({ name: l.id, items: l.output })),
        (h) => String(h.chunk),
      )
        .slice(0, topK)
        .map((f) => f.item);
    },
  };
  progress.stage('gather', retrieverNames.length);
  const gathered = await scatterGather(
    retrieverNames.map((name) => ({ id: name, run: retrieve[name] })),
    policy,
    { onProgress: progress.track, pathPrefix: 'retrievers' },
  );
  const retrievers = gathered.map((o) => ({
    name: o.id as RetrieverName,
    status: o.status,
    hits: o.output?.length ?? 0,
    ...(o.error ? { error: o.error } : {}),
    ...(o.id === 'expansion' && expandedQueries.length ? { queries: expandedQueries } : {}),
  }));
  const answered = gathered.filter(succeeded);
  for (const o of gathered)
    if (o.status !== 'succeeded') failures.push(`retriever ${o.id}: ${o.error ?? o.status}`);
  if (answered.length < minSuccesses) {
    throw ApplicationFailure.nonRetryable(
      `${answered.length} of ${gathered.length} retrievers answered, fewer than minSuccesses (${minSuccesses})`,
      ERROR_TYPES.NotEnoughRetrievers,
      { retrievers, usage: runUsage() },
    );
  }
  const lists = answered.map((o) => ({ name: o.id, items: o.output }));
  // Per document: a retriever counts once, at its best-ranked chunk of the document.
  const documents = reciprocalRankFusion(lists, (h) => h.path).slice(0, LISTED_SOURCES);
  const chunks = reciprocalRankFusion(lists, (h) => String(h.chunk));
  const evidenceOf = (path: string, max: number) =>
    clip(
      chunks
        .filter((c) => c.item.path === path)
        .map((c) => c.item.text)
        .join('\n\n'),
      max,
    );
  /** A source as its analysis and its checks begin: title and evidence. */
  const sourceBlock = (s: ResearchSource) =>
    `Source "${s.title}":\n${evidenceOf(s.path, RESEARCH_DEFAULTS.evidenceChars)}\n\n`;
  const sources: ResearchSource[] = documents.map((d) => ({
    path: d.key,
    title: d.item.title,
    score: roundTo(d.score, 4),
    retrievers: Object.keys(d.ranks) as RetrieverName[],
    status: 'not analysed',
  }));

  // --- analyse: each top source summarised, its claims extracted ---
  const top = sources.slice(0, maxSources);
  progress.stage('analyse', top.length);
  const analysed = await scatterGather(
    top.map((s) => ({
      id: s.path,
      run: async () => {
        const { data } = await runActivity('llm.json', {
          model,
          system: READER_SYSTEM,
          // Laid out as llm.classify lays out a check (see READER_SYSTEM).
          prompt: `${CLASSIFY_TEXT_PREFIX}${sourceBlock(s)}Question: ${question}\n\nSummarise in one or two sentences what this source says that helps answer the question, and list up to ${claimsPerSource} short factual claims taken from the source.`,
          schema: {
            type: 'object',
            properties: {
              summary: { type: 'string', maxLength: 400 },
              claims: {
                type: 'array',
                items: { type: 'string', maxLength: 200 },
                minItems: 1,
                maxItems: claimsPerSource,
              },
            },
          },
          maxTokens: 320,
        });
        return data as Analysis;
      },
    })),
    policy,
    { onProgress: progress.track, pathPrefix: 'sources' },
  );
  analysed.forEach((o, i) => {
    const source = top[i]!;
    if (o.status === 'succeeded') {
      source.status = 'analysed';
      source.summary = o.output.summary.trim();
    } else {
      source.status = 'failed';
      source.error = o.error ?? o.status;
      failures.push(`source ${source.path}: ${source.error}`);
    }
  });
  const good = analysed.flatMap((o, i) =>
    o.status === 'succeeded' ? [{ source: top[i]!, analysis: o.output }] : [],
  );

  // --- check: every claim against every other analysed source ---
  const claims = good.flatMap(({ source, analysis }) =>
    [...new Set(analysis.claims.map((c) => c.trim()).filter(Boolean))].map((claim) => ({
      claim,
      from: source.path,
    })),
  );
  const checks = claims.flatMap((c, ci) =>
    good.filter((g) => g.source.path !== c.from).map((g) => ({ ci, against: g.source.path })),
  );
  progress.stage('check', checks.length);
  const byPath = new Map(good.map((g) => [g.source.path, g.source]));
  const checked = await forEach(
    checks,
    async (check) => {
      const { label } = await runActivity('llm.classify', {
        model,
        // The source first, as in its analysis: the checks continue the analysis' prompt.
        text: `${sourceBlock(byPath.get(check.against)!)}Claim: ${claims[check.ci]!.claim}\n\nDoes the source support this claim, contradict it, or not address it? Answer supported, contradicted or unsupported.`,
        labels: [...SUPPORT_LABELS],
        instructions: READER_SYSTEM,
      });
      return label as SupportLabel;
    },
    { maxConcurrency: 16, onItemFailure: 'skip', onProgress: progress.trackEach },
  );
  if (checked.stats.failed > 0)
    failures.push(
      `${checked.stats.failed} of ${checks.length} claim checks failed: ${checked.stats.failures[0]?.error}`,
    );
  const findings = rankFindings(
    claims.map((c, ci) => {
      const counts: Record<SupportLabel, number> = { supported: 0, contradicted: 0, unsupported: 0 };
      const supporters: string[] = [];
      checks.forEach((check, k) => {
        const label = checked.outputs[k];
        if (check.ci !== ci || !label) return;
        counts[label]++;
        if (label === 'supported') supporters.push(check.against);
      });
      return { claim: c.claim, sources: [c.from, ...supporters], support: supportOf(counts), checks: counts };
    }),
  );

  // --- synthesise ---
  progress.stage('synthesise', 1);
  let summary: string | null = null;
  if (good.length > 0) {
    const numbered = good.map((g, i) => `[${i + 1}] ${g.source.title}: ${g.source.summary}`).join('\n');
    const listed = findings
      .slice(0, 12)
      .map(
        (f) =>
          `- ${f.claim} (${f.support}; ${f.sources.map((p) => `[${good.findIndex((g) => g.source.path === p) + 1}]`).join(' ')})`,
      )
      .join('\n');
    const [written] = await scatterGather(
      [
        {
          id: 'synthesis',
          run: () =>
            runActivity('llm.generate', {
              model,
              prompt: `Question: ${question}\n\nSources:\n${numbered}\n\nFindings:\n${listed}\n\nAnswer the question in a short paragraph, using only these sources and findings, citing sources as [n].`,
              maxTokens: 220,
            }),
        },
      ],
      policy,
      { pathPrefix: 'synthesis' },
    );
    if (written?.status === 'succeeded') summary = written.output.text.trim();
    else {
      // The sources' own summaries still answer, unmerged.
      failures.push(`synthesis: ${written?.error ?? written?.status}`);
      summary = good.map((g) => g.source.summary).join(' ');
    }
  }
  const { confidence, factors } = confidenceOf({
    findings,
    analysedRetrievers: good.map((g) => g.source.retrievers),
    retrieversAnswered: answered.length,
    sourcesWanted: maxSources,
  });
  progress.stage('done');
  return {
    question,
    summary,
    keyFindings: findings,
    sources,
    confidence,
    confidenceFactors: factors,
    retrievers,
    index,
    failures,
    usage: runUsage(),
  };
}
