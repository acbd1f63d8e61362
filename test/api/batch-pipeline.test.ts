// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { BatchPipelineResult } from '../../workflows/contracts/index.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

const SMOL = 'smollm2-135m';
const LABELS = ['permission', 'condition', 'warranty', 'other'];

/** Real text nobody here wrote: the first non-empty lines of the Debian licence texts. */
function licenceLines(n: number): string[] {
  const dir = '/usr/share/common-licenses';
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      try {
        return readFileSync(join(dir, f), 'utf8').split('\n');
      } catch {
        return [];
      }
    })
    .map((l) => l.trim())
    .filter((l) => l.length > 20)
    .slice(0, n);
}

// Batch inference end to end: API, real dev server, real workers, the real small model.
describe('batch pipeline through the API (real model)', () => {
  let stack: Stack;
  const folder = `test-batch-${Date.now()}`;
  const lines = licenceLines(30);
  before(async () => {
    stack = await startStack({ api: true, models: [SMOL], env: { LLM_SEQUENCES: '8' } });
    mkdirSync(join(stack.config.dataDir, folder), { recursive: true });
    writeFileSync(join(stack.config.dataDir, folder, 'in.txt'), `${lines.join('\n')}\n`);
  });
  after(async () => {
    await stack?.teardown();
    rmSync(join(stack.config.dataDir, folder), { recursive: true, force: true });
  });
  const body = (output: string) => ({
    input: { path: `${folder}/in.txt`, format: 'lines' },
    output: { path: `${folder}/${output}` },
    activity: 'llm.classify',
    params: { model: SMOL, labels: LABELS },
    batchSize: 10,
  });
  /** The output file: exactly one line per input, in order, each a label. */
  const checkOutput = (name: string) => {
    const out = readFileSync(join(stack.config.dataDir, folder, name), 'utf8')
      .trimEnd()
      .split('\n');
    assert.equal(out.length, lines.length);
    out.forEach((line, i) => {
      const record = JSON.parse(line) as { index: number; output: { label: string } };
      assert.equal(record.index, i);
      assert.ok(LABELS.includes(record.output.label), line);
    });
  };

  it('classifies every line in batches on the model queue and writes the outputs in input order', async () => {
    const started = await http('POST', `${stack.baseUrl}/pipelines/batch`, body('out.jsonl'));
    assert.equal(started.status, 201, JSON.stringify(started.body));
    assert.equal(started.body.type, WORKFLOW_TYPES.batchPipeline);
    const done = await waitForResult(stack.baseUrl, started.body.workflowId, 300_000);
    assert.equal(done.body.status, 'COMPLETED', JSON.stringify(done.body));
    const r = done.body.result as BatchPipelineResult;
    assert.deepEqual([r.items, r.succeeded, r.failed, r.resumedBatches], [lines.length, lines.length, 0, 0]);
    assert.equal(r.usage.calls, lines.length);
    assert.ok(r.itemsPerSecond > 0 && r.tokensPerSecond > 0);
    checkOutput('out.jsonl');
    // The parts are gone once the output is written.
    assert.deepEqual(readdirSync(join(stack.config.dataDir, folder)).sort(), ['in.txt', 'out.jsonl']);
  });

  it('bad bodies are 400s naming the field', async () => {
    const cases: Array<[unknown, RegExp]> = [
      [
        { ...body('x.jsonl'), params: { model: SMOL } },
        /body\.params\.labels: llm\.classify needs params\.labels/,
      ],
      [
        { ...body('x.jsonl'), output: { path: '../x.jsonl' } },
        /body\.output\.path: must be a relative file path/,
      ],
      [
        { ...body('x.jsonl'), output: { path: `${folder}/in.txt` } },
        /body\.output\.path: must not be the input file/,
      ],
      [{ ...body('x.jsonl'), output: { path: 'no-such-folder/x.jsonl' } }, /body\.output\.path: the folder/],
      [
        { ...body('x.jsonl'), promptField: 'text' },
        /body\.promptField: promptField needs input\.format "jsonl"/,
      ],
      [
        { ...body('x.jsonl'), params: { model: 'nope', labels: LABELS } },
        /body\.params\.model: unknown model "nope"/,
      ],
      [
        { ...body('x.jsonl'), input: { path: 'nope.txt', format: 'lines' } },
        /body\.input\.path: "nope\.txt" does not exist/,
      ],
      [{ ...body('x.jsonl'), activity: 'llm.chat' }, /body\.activity/],
    ];
    for (const [b, message] of cases) {
      const r = await http('POST', `${stack.baseUrl}/pipelines/batch`, b);
      assert.equal(r.status, 400, JSON.stringify(b));
      assert.match([r.body.message].flat().join('\n'), message);
    }
  });
});
