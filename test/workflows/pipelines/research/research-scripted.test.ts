import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  CLASSIFY_TEXT_PREFIX,
  COLLECTIONS_FOLDER,
  progressQuery,
  RESEARCH_INDEX_FOLDER,
  WORKFLOW_TYPES,
} from '../../../../workflows/contracts/index.js';
import { INLINE_SHARDS } from '../../../../workflows/pipelines/research/research-index-workflow.js';
import { researchIndexWorkflow, researchPipelineWorkflow } from '../../../../workflows/index.js';
import { researchPipeline } from '../../../../workflows/pipelines/research/research.pipeline.js';
import { scriptedDelay, scriptedFailure } from '../../../../runtime/scripted-llm-activities.js';
import { waitUntil } from '../../../helpers/history.js';
import type { LlmScript } from '../../../../runtime/scripted-llm-activities.js';
import { failedWith, SCRIPTED_MODELS, startScriptedStack } from '../../../helpers/scripted-stack.js';
import type { ScriptedStack } from '../../../helpers/scripted-stack.js';

const MODEL = SCRIPTED_MODELS[0]!;
const COLLECTION = 'scripted-research';
const DOCS: Record<string, string> = {
  'health.md':
    '# Health checks\n\nA health check endpoint reports whether the service and its database are up.',
  'terminus.md':
    '# Terminus\n\nTerminus adds health indicators to a NestJS application: database, memory, disk.',
  'cooking.md': '# Soup\n\nBoil water, add vegetables, simmer for twenty minutes.',
};

/** Analysts that take one claim from each source's title, and checkers that say whether a source agrees. */
const researchers: LlmScript = {
  'llm.json': (input) => {
    if (input.prompt.startsWith('Write '))
      return { data: { queries: ['health check endpoint', 'terminus health'] } };
    const title = /Source "(.*)"/.exec(input.prompt)?.[1] ?? '?';
    return { data: { summary: `${title} explains it.`, claims: [`${title} matters`] } };
  },
  'llm.classify': (input) => ({
    label: /health|Terminus/.test(input.text.split('\n\nClaim: ')[0]!) ? 'supported' : 'unsupported',
  }),
  'llm.generate': () => ({ text: 'Use a health endpoint [1][2].' }),
};

const input = {
  question: 'How do I check the health of a NestJS service?',
  collection: COLLECTION,
  model: MODEL,
  embedModel: MODEL,
  maxSources: 2,
  claimsPerSource: 1,
};

describe('research pipeline (scripted models)', () => {
  let stack: ScriptedStack;
  /** A collection of `count` one-paragraph documents; document i's text holds its number. */
  const writeDocs = (collection: string, count: number) => {
    const dir = join(stack.config.dataDir, COLLECTIONS_FOLDER, collection);
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < count; i++)
      writeFileSync(join(dir, `doc-${i}.md`), `# Doc ${i}\n\nParagraph ${i} of the text.`);
  };
  before(async () => {
    stack = await startScriptedStack();
    const dir = join(stack.config.dataDir, COLLECTIONS_FOLDER, COLLECTION);
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(DOCS)) writeFileSync(join(dir, name), text);
  });
  after(() => stack.teardown());

  it('builds the index, gathers with three retrievers, analyses, cross-checks the claims and writes the answer', async () => {
    stack.useScript(researchers);
    const handle = await stack.start(researchPipelineWorkflow, input);
    const r = researchPipeline.output.parse(await handle.result());
    assert.equal(r.index.status, 'built');
    assert.equal(r.index.files, 3);
    assert.deepEqual(
      r.retrievers.map((x) => [x.name, x.status]),
      [
        ['keywords', 'succeeded'],
        ['vectors', 'succeeded'],
        ['expansion', 'succeeded'],
      ],
    );
    assert.deepEqual(r.retrievers[2]!.queries, ['health check endpoint', 'terminus health']);
    assert.equal(r.sources.filter((s) => s.status === 'analysed').length, 2);
    // Each claim was checked against the other analysed source, which supports it.
    assert.equal(r.keyFindings.length, 2);
    for (const f of r.keyFindings)
      assert.deepEqual(f.checks, { supported: 1, contradicted: 0, unsupported: 0 });
    assert.equal(r.summary, 'Use a health endpoint [1][2].');
    assert.ok(r.confidence > 0 && r.confidence <= 1, String(r.confidence));
    assert.deepEqual(r.failures, []);
  });

  it("lays out each claim check as its source's analysis begins (one system message, the source first)", async () => {
    const analyses: Array<{ system?: string; prompt: string }> = [];
    const checks: Array<{ instructions?: string; text: string }> = [];
    stack.useScript({
      ...researchers,
      'llm.json': (i, ctx) => {
        if (!i.prompt.startsWith('Write ')) analyses.push({ system: i.system, prompt: i.prompt });
        return researchers['llm.json']!(i, ctx);
      },
      'llm.classify': (i, ctx) => {
        checks.push({ instructions: i.instructions, text: i.text });
        return researchers['llm.classify']!(i, ctx);
      },
    });
    await (await stack.start(researchPipelineWorkflow, input)).result();
    assert.equal(analyses.length, 2);
    assert.equal(checks.length, 2);
    for (const check of checks) {
      // llm.classify sends its instructions as the system message and the text after this prefix:
      // the check's prompt then continues, word for word, the analysis of the source it reads.
      const source = `${CLASSIFY_TEXT_PREFIX}${check.text.split('Claim: ')[0]}`;
      assert.match(source, /^Text: Source "[^"]+":\n# /);
      const analysis = analyses.find((a) => a.prompt.startsWith(source));
      assert.ok(analysis, `no analysis begins as the check does:\n${source}`);
      assert.ok(analysis.system && analysis.system === check.instructions);
    }
  });

  it("goes on without a failed retriever and with the sources' own summaries when the synthesis fails", async () => {
    stack.useScript({
      ...researchers,
      'llm.embed': () => {
        throw scriptedFailure('embedding model gone', { nonRetryable: true });
      },
      'llm.generate': () => {
        throw scriptedFailure('writer gone', { nonRetryable: true });
      },
    });
    const handle = await stack.start(researchPipelineWorkflow, input);
    const r = await handle.result();
    assert.equal(r.index.status, 'current');
    assert.equal(r.retrievers.find((x) => x.name === 'vectors')!.status, 'failed');
    assert.ok(
      r.failures.some((f) => /retriever vectors: .*embedding model gone/.test(f)),
      r.failures.join('\n'),
    );
    assert.ok(
      r.failures.some((f) => /synthesis: .*writer gone/.test(f)),
      r.failures.join('\n'),
    );
    assert.match(r.summary!, /explains it\./);
  });

  it('fails with NotEnoughRetrievers below minSuccesses', async () => {
    stack.useScript({
      ...researchers,
      'llm.embed': () => {
        throw scriptedFailure('gone', { nonRetryable: true });
      },
    });
    const handle = await stack.start(researchPipelineWorkflow, { ...input, minSuccesses: 3 });
    await assert.rejects(handle.result(), failedWith('NotEnoughRetrievers'));
  });
  it('reuses the index while the files are unchanged and rebuilds it when one changes', async () => {
    stack.useScript(researchers);
    const again = await (
      await stack.start(researchIndexWorkflow, { collection: COLLECTION, model: MODEL })
    ).result();
    assert.equal(again.status, 'current');
    assert.equal(again.usage.calls, 0);
    appendFileSync(
      join(stack.config.dataDir, COLLECTIONS_FOLDER, COLLECTION, 'cooking.md'),
      '\n\nAdd salt.\n',
    );
    const rebuilt = await (
      await stack.start(researchIndexWorkflow, { collection: COLLECTION, model: MODEL })
    ).result();
    assert.equal(rebuilt.status, 'built');
    assert.notEqual(rebuilt.index, again.index);
    // The superseded build is gone; only the current one stays.
    const builds = join(stack.config.dataDir, RESEARCH_INDEX_FOLDER, COLLECTION, MODEL);
    assert.deepEqual(readdirSync(builds), [rebuilt.index.split('/')[2]]);
  });

  it('a build stopped half way resumes: a rerun embeds only the shards not yet on disk', async () => {
    const collection = 'scripted-resume';
    writeDocs(collection, 6);
    // Chunks of documents 3 to 5 (their texts hold those digits) never finish embedding in the first run.
    stack.useScript({
      'llm.embed': async (input) => {
        if (/[345]/.test(input.text)) await scriptedDelay(600_000);
        return { vector: Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0)), dimensions: 16 };
      },
    });
    const input = { collection, model: MODEL, shardSize: 1 };
    const first = await stack.start(researchIndexWorkflow, input);
    const vectors = join(stack.config.dataDir, RESEARCH_INDEX_FOLDER, collection, MODEL);
    const shards = () =>
      existsSync(vectors)
        ? readdirSync(vectors).flatMap((b) =>
            existsSync(join(vectors, b, 'vectors'))
              ? readdirSync(join(vectors, b, 'vectors')).filter((f) => f.endsWith('.f32'))
              : [],
          )
        : [];
    await waitUntil(() => Promise.resolve(shards().length >= 3), 120_000, 'three shards written');
    await first.terminate('simulated loss of the run');
    stack.useScript({});
    const r = await (await stack.start(researchIndexWorkflow, input)).result();
    assert.equal(r.status, 'built');
    // At least the three shards seen written (the lost run's last calls may have finished more
    // before they noticed it was gone); the rest were embedded by this run.
    assert.equal(r.shards.total, 6);
    assert.ok(r.shards.reused >= 3 && r.shards.reused <= 6, JSON.stringify(r.shards));
  });

  it("counts the index's shards in its progress while they embed", async () => {
    const collection = 'scripted-progress';
    writeDocs(collection, 6);
    // Documents 4 and 5 wait until the test has seen the first four counted.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    stack.useScript({
      'llm.embed': async (input) => {
        if (/[45]/.test(input.text)) await held;
        return { vector: Array.from({ length: 16 }, (_, i) => (i === 0 ? 1 : 0)), dimensions: 16 };
      },
    });
    const handle = await stack.start(researchIndexWorkflow, { collection, model: MODEL, shardSize: 1 });
    await waitUntil(
      async () => {
        const p = await handle.query(progressQuery).catch(() => undefined);
        return p?.stage === 'embed' && p.total === 6 && p.done === 4;
      },
      60_000,
      'four of six shards counted',
    );
    release();
    const r = await handle.result();
    assert.deepEqual([r.status, r.shards], ['built', { total: 6, reused: 0 }]);
    assert.equal((await handle.query(progressQuery)).stage, 'done');
    stack.useScript({});
  });

  it(`hands more than ${INLINE_SHARDS} shards to a map-reduce child run`, async () => {
    const collection = 'scripted-many-shards';
    writeDocs(collection, INLINE_SHARDS + 1);
    const handle = await stack.start(researchIndexWorkflow, { collection, model: MODEL, shardSize: 1 });
    const r = await handle.result();
    assert.deepEqual([r.status, r.chunks, r.shards.total], ['built', INLINE_SHARDS + 1, INLINE_SHARDS + 1]);
    const children = (await handle.fetchHistory()).events!.filter(
      (e) => e.startChildWorkflowExecutionInitiatedEventAttributes,
    );
    assert.deepEqual(
      children.map((e) => e.startChildWorkflowExecutionInitiatedEventAttributes!.workflowType!.name),
      [WORKFLOW_TYPES.mapReduce],
    );
  });

  it('a model that never answers: its retriever and the analyses time out and are reported; the report still completes', async () => {
    stack.useScript({
      ...researchers,
      'llm.json': async () => {
        await scriptedDelay(600_000);
        return { data: {} };
      },
    });
    const r = await (await stack.start(researchPipelineWorkflow, { ...input, timeoutMs: 1_500 })).result();
    assert.deepEqual(
      r.retrievers.map((x) => [x.name, x.status]),
      [
        ['keywords', 'succeeded'],
        ['vectors', 'succeeded'],
        ['expansion', 'timedOut'],
      ],
    );
    assert.ok(r.sources.slice(0, 2).every((s) => s.status === 'failed'));
    assert.equal(r.summary, null);
    assert.deepEqual(r.keyFindings, []);
    assert.ok(r.failures.some((f) => f.startsWith('retriever expansion')));
  });
});
