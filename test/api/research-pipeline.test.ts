// @models: loads the real models. run-tests runs these files one at a time.
import { DEFAULT_EMBEDDING_MODEL_NAME } from '../../config/app-config.js';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  RESEARCH_INDEX_FOLDER,
  RETRIEVERS,
  SUPPORT_LABELS,
  WORKFLOW_TYPES,
} from '../../workflows/contracts/index.js';
import { confidenceOf } from '../../workflows/pipelines/research/research-findings.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';
import { researchPipeline } from '../../workflows/pipelines/research/research.pipeline.js';

const SMOL = 'smollm2-135m';
// The embedding model npm install sets up: research's index and question vectors default to it.
const EMBED = DEFAULT_EMBEDDING_MODEL_NAME;
// Real text nobody here wrote: a few installed packages' README files.
const READMES = [
  '@nestjs/terminus',
  '@nestjs/swagger',
  '@nestjs/throttler',
  'rxjs',
  'node-llama-cpp',
  'minisearch',
].map((pkg) => join('node_modules', pkg, 'README.md'));

// The research pipeline end to end: HTTP API, real dev server, real workers, the real small model.
describe('research pipeline through the API (real model)', () => {
  let stack: Stack;
  const collection = `test-research-${randomUUID().slice(0, 8)}`;
  let folder: string;
  let indexes: string;
  before(async () => {
    stack = await startStack({ api: true, models: [SMOL, EMBED] });
    folder = join(stack.config.dataDir, 'collections', collection);
    indexes = join(stack.config.dataDir, RESEARCH_INDEX_FOLDER, collection);
    mkdirSync(folder, { recursive: true });
    for (const file of READMES)
      copyFileSync(file, join(folder, `${file.split('/').slice(1, -1).join('__')}.md`));
  });
  after(async () => {
    await stack?.teardown();
    rmSync(folder, { recursive: true, force: true });
    rmSync(indexes, { recursive: true, force: true });
  });
  const post = (name: string, body: unknown) => http('POST', `${stack.baseUrl}/pipelines/${name}`, body);
  const runToEnd = async (name: string, body: unknown) => {
    const started = await post(name, body);
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(
      started.body.type,
      name === 'research' ? WORKFLOW_TYPES.researchPipeline : WORKFLOW_TYPES.researchIndex,
    );
    return waitForResult(stack.baseUrl, started.body.workflowId, 400_000);
  };

  it('gathers with three retrievers, analyses and cross-checks the top sources, and computes the confidence', async () => {
    const done = await runToEnd('research', {
      question: 'How do I add a health check endpoint to a NestJS application?',
      collection,
      maxSources: 3,
    });
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const r = researchPipeline.output.parse(done.body.result);
    if (process.env.RESEARCH_REPORT) writeFileSync(process.env.RESEARCH_REPORT, JSON.stringify(r, null, 2));
    assert.equal(r.index.status, 'built');
    assert.equal(r.index.model, EMBED);
    assert.equal(r.index.files, READMES.length);
    assert.deepEqual(
      r.retrievers.map((x) => [x.name, x.status]),
      RETRIEVERS.map((name) => [name, 'succeeded']),
    );
    assert.ok(r.retrievers.every((x) => x.hits > 0));
    assert.ok(r.retrievers.find((x) => x.name === 'expansion')!.queries!.length >= 1);
    // BM25 alone puts the health-check package first; fusion keeps it among the analysed.
    const analysed = r.sources.filter((s) => s.status === 'analysed');
    assert.ok(
      analysed.some((s) => s.path === '@nestjs__terminus.md'),
      JSON.stringify(r.sources),
    );
    assert.equal(r.sources.slice(0, 3).length, 3);
    for (const s of r.sources) {
      assert.ok(s.score > 0 && s.retrievers.length >= 1 && s.retrievers.every((x) => RETRIEVERS.includes(x)));
    }
    assert.ok(analysed.every((s) => typeof s.summary === 'string'));
    assert.ok(r.keyFindings.length >= 1);
    for (const f of r.keyFindings) {
      assert.ok(SUPPORT_LABELS.includes(f.support));
      assert.ok(analysed.some((s) => s.path === f.sources[0]));
      // Checked against every other analysed source, unless a check failed.
      const n = f.checks.supported + f.checks.contradicted + f.checks.unsupported;
      assert.ok(n <= analysed.length - 1);
      assert.equal(f.sources.length, 1 + f.checks.supported);
    }
    assert.equal(typeof r.summary, 'string');
    // The confidence is arithmetic over the report, not the model's opinion.
    const recomputed = confidenceOf({
      findings: r.keyFindings,
      analysedRetrievers: analysed.map((s) => s.retrievers),
      retrieversAnswered: 3,
      sourcesWanted: 3,
    });
    assert.equal(r.confidence, recomputed.confidence);
    assert.deepEqual(r.confidenceFactors, recomputed.factors);
    assert.ok(r.usage.calls >= 1 + 3 + 3, JSON.stringify(r.usage)); // embed, expansion + analyses, synthesis
    assert.ok(r.usage.promptTokens > 0);
  });

  it('bad bodies are 400s naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        { question: 'x', collection: 'no-such-collection' },
        /body\.collection: no collection \W+no-such-collection/,
      ],
      [{ question: 'x', collection: '../etc' }, /collection/],
      [{ question: '', collection }, /question/],
      [{ question: 'x', collection, model: 'nope' }, /body\.model/],
      // The embedding model embeds; it cannot write the analyses.
      [{ question: 'x', collection, model: EMBED }, /body\.model: \\"minilm-l6\\" is an embedding model/],
      [{ question: 'x', collection, embedModel: 'nope' }, /body\.embedModel: unknown model/],
      [{ question: 'x', collection, retrievers: ['keywords'], minSuccesses: 2 }, /minSuccesses/],
      [{ question: 'x', collection, retrievers: ['grep'] }, /retrievers/],
      [{ question: 'x', collection, maxSources: 0 }, /maxSources/],
    ];
    for (const [body, message] of cases) {
      const r = await post('research', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.match(JSON.stringify(r.body.message), message, JSON.stringify(r.body));
    }
    const idx = await post('research/index', { collection, embedTokens: 0 });
    assert.equal(idx.status, 400);
    assert.match(JSON.stringify(idx.body.message), /embedTokens/);
  });
});
