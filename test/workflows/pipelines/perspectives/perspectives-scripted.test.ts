import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CLASSIFY_TEXT_PREFIX } from '../../../../workflows/contracts/index.js';
import { perspectivesPipelineWorkflow } from '../../../../workflows/index.js';
import { perspectivesPipeline } from '../../../../workflows/pipelines/perspectives/perspectives.pipeline.js';
import { scriptedFailure } from '../../../../runtime/scripted-llm-activities.js';
import type { LlmScript } from '../../../../runtime/scripted-llm-activities.js';
import { failedWith, SCRIPTED_MODELS, startScriptedStack } from '../../../helpers/scripted-stack.js';
import type { ScriptedStack } from '../../../helpers/scripted-stack.js';

const MODEL = SCRIPTED_MODELS[0]!;

/** Sentiment from words in the text; entities and keywords by schema; summaries and merges by prefix. */
const analysts: LlmScript = {
  'llm.classify': (input) => ({ label: /awful|broken/.test(input.text) ? 'negative' : 'positive' }),
  'llm.json': (input) =>
    input.prompt.includes('List the people')
      ? { data: { people: ['Ada'], organizations: [], places: ['London'], other: [] } }
      : { data: { keywords: ['engine', 'program'] } },
  'llm.generate': (input) => ({ text: `summary of ${input.prompt.split('\n')[0]}` }),
  'llm.synthesize': (input) => ({ text: `merged ${input.texts.length}`, levels: 1 }),
};

describe('perspectives pipeline (scripted models)', () => {
  let stack: ScriptedStack;
  before(async () => (stack = await startScriptedStack()));
  after(() => stack.teardown());

  it('analyses one text from every angle at once and reports the analyzer that failed', async () => {
    stack.useScript({
      ...analysts,
      'llm.generate': () => {
        throw scriptedFailure('context full', { nonRetryable: true });
      },
    });
    const handle = await stack.start(perspectivesPipelineWorkflow, {
      text: 'Ada wrote a program for the engine in London.',
      model: MODEL,
    });
    const r = perspectivesPipeline.output.parse(await handle.result());
    assert.deepEqual(
      r.analyzers.map((a) => [a.name, a.status]),
      [
        ['sentiment', 'succeeded'],
        ['entities', 'succeeded'],
        ['summary', 'failed'],
        ['keywords', 'succeeded'],
      ],
    );
    assert.equal(r.analysis?.sentiment, 'positive');
    assert.deepEqual(r.analysis?.entities?.places, ['London']);
    assert.deepEqual(r.analysis?.keywords, ['engine', 'program']);
    assert.equal(r.analysis?.summary, undefined);
  });

  it('lays out every analyzer alike up to the end of the document (one system message, the document first)', async () => {
    const TEXT = 'Ada wrote a program for the engine in London.';
    const prompts: Array<{ system?: string; user: string }> = [];
    stack.useScript({
      'llm.classify': (i, ctx) => {
        // As llm.classify sends it: its instructions the system message, the text after the prefix.
        prompts.push({ system: i.instructions, user: `${CLASSIFY_TEXT_PREFIX}${i.text}` });
        return analysts['llm.classify']!(i, ctx);
      },
      'llm.json': (i, ctx) => {
        prompts.push({ system: i.system, user: i.prompt });
        return analysts['llm.json']!(i, ctx);
      },
      'llm.generate': (i, ctx) => {
        prompts.push({ system: i.system, user: i.prompt });
        return analysts['llm.generate']!(i, ctx);
      },
    });
    await (await stack.start(perspectivesPipelineWorkflow, { text: TEXT, model: MODEL })).result();
    assert.equal(prompts.length, 4);
    // The prefix every analyzer's prompt shares is the whole document: evaluated once for all four.
    for (const p of prompts) {
      assert.ok(p.system && p.system === prompts[0]!.system);
      assert.ok(p.user.startsWith(`${CLASSIFY_TEXT_PREFIX}${TEXT}\n\n`), p.user);
    }
  });

  it('reports on a corpus file: sentiment counted over its documents, summaries merged', async () => {
    stack.useScript(analysts);
    const dir = join(stack.config.dataDir, 'scripted');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'reviews.txt'), 'works well\nawful noise\nbroken on arrival\n');
    const handle = await stack.start(perspectivesPipelineWorkflow, {
      source: { type: 'lines', path: 'scripted/reviews.txt' },
      analyzers: ['sentiment', 'summary'],
      model: MODEL,
    });
    const r = await handle.result();
    assert.equal(r.corpus?.documents, 3);
    assert.deepEqual(r.corpus?.sentiment, { positive: 1, negative: 2, neutral: 0, mixed: 0 });
    assert.equal(r.corpus?.summary, 'merged 3');
  });

  it('fails with AllAnalyzersFailed when nothing could be analysed', async () => {
    const down = () => {
      throw scriptedFailure('down', { nonRetryable: true });
    };
    stack.useScript({ 'llm.classify': down, 'llm.json': down, 'llm.generate': down });
    const handle = await stack.start(perspectivesPipelineWorkflow, {
      text: 'Anything.',
      analyzers: ['sentiment', 'keywords'],
      model: MODEL,
    });
    await assert.rejects(handle.result(), failedWith('AllAnalyzersFailed'));
  });
});
