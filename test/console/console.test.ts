import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fromRoot } from '../../config/project-root.js';
import { http } from '../../runtime/http-client.js';
import { collectPageErrors, docsScreenshot, launchBrowser, submitStartForm } from '../helpers/browser.js';
import { startScriptedStack } from '../helpers/scripted-stack.js';
import type { ScriptedStack } from '../helpers/scripted-stack.js';

const KEY = 'console-key-0123456789abcdef';
const WAIT = { timeout: 60_000 };

// The console in a real Chromium against a real stack (dev server, workers, API with a key);
// the model queues answer from a script, so the DAG example runs in seconds.
describe('the browser console (Chromium, real stack)', { timeout: 300_000 }, () => {
  let stack: ScriptedStack;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  let dataDir = '';
  before(async () => {
    // The data the examples name: map-reduce's corpus, batch's reviews, research's collection.
    dataDir = mkdtempSync(join(tmpdir(), 'parallel-ai-console-'));
    writeFileSync(join(dataDir, 'corpus.txt'), 'the tide comes in\nthe tide goes out\n');
    writeFileSync(join(dataDir, 'reviews.txt'), 'Works well.\nBroke in a week.\n');
    const collection = join(dataDir, 'collections', 'npm-readmes');
    mkdirSync(collection, { recursive: true });
    writeFileSync(join(collection, 'tides.md'), '# Tides\n\nThe Moon pulls the sea.\n');
    stack = await startScriptedStack({
      api: true,
      env: { API_KEYS: `alice:${KEY}`, RATE_LIMIT_PER_MINUTE: '0', DATA_DIR: dataDir },
    });
    stack.useScript({
      'llm.generate': (input) => ({ text: `scripted answer to: ${String(input.prompt).slice(0, 40)}` }),
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    errors = collectPageErrors(page);
  });
  after(async () => {
    await browser?.close();
    await stack?.teardown();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const api = (method: string, path: string, body?: unknown) =>
    http(method, `${stack.baseUrl}${path}`, body, undefined, { authorization: `Bearer ${KEY}` });

  it('serves the console publicly, and asks for the key the API requires', async () => {
    const redirect = await fetch(`${stack.baseUrl}/console`, { redirect: 'manual' });
    assert.equal(redirect.status, 301);
    assert.equal(redirect.headers.get('location'), '/console/');
    await page.goto(`${stack.baseUrl}/console/`);
    await page.getByTestId('key-prompt').waitFor(WAIT);
    await page.getByTestId('key-input').fill(KEY);
    await page.getByRole('button', { name: 'Use this key' }).click();
    await page.getByTestId('runs').waitFor(WAIT);
    assert.equal(await page.getByTestId('key-prompt').count(), 0);
    // The key is kept for this tab only.
    assert.equal(await page.evaluate('sessionStorage.getItem("parallel-ai.api-key")'), KEY);
    assert.equal(await page.evaluate('localStorage.length'), 0);
  });

  it('starts a DAG from its form and shows its nodes turn green', async () => {
    await page.goto(`${stack.baseUrl}/console/#/start/workflows/dag`);
    const form = page.getByTestId('start-form');
    await form.waitFor(WAIT);
    assert.equal(await form.getAttribute('data-endpoint'), '/workflows/dag');
    // Pre-filled with the endpoint's example: the three nodes are in the form.
    await page.locator('#root_nodes_0_id').waitFor(WAIT);
    assert.equal(await page.locator('#root_nodes_0_id').inputValue(), 'topics');
    await docsScreenshot(page, fromRoot('docs', 'images', 'console-start-form.png'));
    await submitStartForm(page);
    await page.locator('[data-testid="run-page"][data-run-status="COMPLETED"]').waitFor(WAIT);
    for (const node of ['topics', 'explain', 'report'])
      await page.locator(`[data-path="nodes/${node}"][data-status="succeeded"]`).waitFor(WAIT);
    await page.locator('[data-testid="run-page"][data-run-status="COMPLETED"]').waitFor(WAIT);
    await docsScreenshot(page, fromRoot('docs', 'images', 'console-run.png'));
    await page.locator('[data-tab="timeline"]').click();
    assert.ok(Number(await page.getByTestId('gantt').getAttribute('data-rows')) >= 3);
    await page.locator('[data-tab="result"]').click();
    await page.locator('[data-testid="result"][data-status="COMPLETED"]').waitFor(WAIT);
    assert.match(await page.getByTestId('result').innerText(), /scripted answer/);
    assert.deepEqual(errors, []);
  });

  it('starts every pattern and pipeline from its form, pre-filled with its example, unchanged', async () => {
    await page.goto(`${stack.baseUrl}/console/#/start`);
    await page.locator('[data-endpoint]').first().waitFor(WAIT);
    const paths = await page
      .locator('a[data-endpoint]')
      .evaluateAll((links) => links.map((a) => a.getAttribute('data-endpoint')!));
    // Every start endpoint of the OpenAPI document has a form.
    const doc = (await api('GET', '/docs-json')).body as {
      paths: Record<string, { post?: { responses?: object } }>;
    };
    const starting = Object.entries(doc.paths)
      .filter(([path, ops]) => !path.includes('{') && ops.post?.responses && '201' in ops.post.responses)
      .map(([path]) => path);
    assert.deepEqual([...paths].sort(), starting.sort());
    const started: string[] = [];
    for (const path of paths) {
      await page.goto(`${stack.baseUrl}/console/#/start${path}`);
      await page.locator(`[data-testid="start-form"][data-endpoint="${path}"]`).waitFor(WAIT);
      await submitStartForm(page).catch((err: Error) => {
        throw new Error(`${path}: ${err.message}`);
      });
      started.push(path);
    }
    assert.equal(started.length, paths.length);
    // The stream the streams form opened keeps running until drained.
    const streams = await api('GET', '/workflows?type=streamPipelineWorkflow&status=Running');
    for (const w of streams.body.workflows as Array<{ workflowId: string }>)
      await api('POST', `/workflows/${encodeURIComponent(w.workflowId)}/cancel`);
    assert.deepEqual(errors, []);
  });

  it('shows a 400 on the field it names', async () => {
    await page.goto(`${stack.baseUrl}/console/#/start/workflows/map-reduce`);
    await page.locator('#root_batchSize').waitFor(WAIT);
    await page.locator('#root_batchSize').fill('0');
    await page.getByTestId('submit').click();
    await page.getByTestId('problems').waitFor(WAIT);
    assert.match(await page.getByTestId('problems').innerText(), /body\.batchSize: /);
    // rjsf puts a field's errors beside it, in the field's own group.
    const field = page.locator('.form-group', { has: page.locator('#root_batchSize') }).last();
    assert.match(await field.innerText(), /must be an integer from 1/);
    assert.deepEqual(errors, []);
  });

  it('approves a gate with edits from the inbox, and the run finishes with them', async () => {
    const started = await api('POST', '/workflows/dag', {
      nodes: [
        { id: 'draft', activity: 'util.echo', input: { title: 'first draft' } },
        {
          id: 'review',
          dependsOn: ['draft'],
          approval: { title: 'Check the draft', details: { $from: 'draft' } },
        },
        { id: 'publish', dependsOn: ['review'], activity: 'util.echo', input: { $from: 'review.value' } },
      ],
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const id = started.body.workflowId as string;
    // What the console draws the run from: the spec it was started with.
    const input = await api('GET', `/workflows/${encodeURIComponent(id)}/input`);
    assert.equal(input.status, 200);
    assert.equal(input.body.type, 'dagWorkflow');
    assert.deepEqual(
      input.body.input.nodes.map((n: { id: string }) => n.id),
      ['draft', 'review', 'publish'],
    );
    assert.equal((await api('GET', '/workflows/no-such-run/input')).status, 404);
    await page.goto(`${stack.baseUrl}/console/#/approvals`);
    const gate = page.locator(`[data-testid="gate"][data-workflow-id="${id}"]`);
    await gate.waitFor(WAIT);
    assert.match(await gate.innerText(), /Check the draft/);
    const details = gate.getByTestId('gate-details');
    assert.deepEqual(JSON.parse(await details.inputValue()), { title: 'first draft' });
    await details.fill(JSON.stringify({ title: 'edited in the console' }));
    await gate.getByTestId('gate-comment').fill('better title');
    await gate.getByTestId('approve').click();
    await gate.waitFor({ state: 'detached', timeout: 60_000 });
    const result = await api('GET', `/workflows/${encodeURIComponent(id)}/result?waitMs=30000`);
    assert.equal(result.body.status, 'COMPLETED');
    const nodes = result.body.result.nodes;
    assert.deepEqual(nodes.publish.output, { title: 'edited in the console' });
    assert.equal(nodes.review.output.by, 'alice');
    assert.equal(nodes.review.output.comment, 'better title');
    // The run's page drew the gate as a node, now green.
    await page.goto(`${stack.baseUrl}/console/#/runs/${encodeURIComponent(id)}`);
    await page.locator('[data-path="nodes/review"][data-status="succeeded"]').waitFor(WAIT);
    assert.deepEqual(errors, []);
  });

  it('draws a 500-node DAG and follows it to the end', async () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({
      id: `n${i}`,
      activity: 'util.echo',
      input: i,
      ...(i >= 20 ? { dependsOn: [`n${i % 20}`] } : {}),
    }));
    const started = await api('POST', '/workflows/dag', { nodes, maxConcurrency: 50 });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const id = started.body.workflowId as string;
    await page.goto(`${stack.baseUrl}/console/#/runs/${encodeURIComponent(id)}`);
    await page.locator('[data-testid="run-page"][data-run-status="COMPLETED"]').waitFor(WAIT);
    await page.locator('[data-testid="run-graph"][data-nodes="501"]').waitFor(WAIT);
    await page.getByText('500 succeeded').waitFor(WAIT);
    assert.deepEqual(errors, []);
  });

  it('draws a nested run as a group that opens', async () => {
    const tasks = Array.from({ length: 14 }, (_, i) => ({ id: `t${i}`, activity: 'util.echo', input: i }));
    const started = await api('POST', '/workflows/dag', {
      nodes: [
        { id: 'first', activity: 'util.echo', input: 'x' },
        {
          id: 'fan',
          dependsOn: ['first'],
          pattern: 'scatter-gather',
          spec: { tasks, policy: { mode: 'all' } },
        },
      ],
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    await page.goto(
      `${stack.baseUrl}/console/#/runs/${encodeURIComponent(started.body.workflowId as string)}`,
    );
    await page.locator('[data-path="nodes/fan"][data-status="succeeded"]').waitFor(WAIT);
    // More than twelve children: a closed group that counts them (every child's events reached
    // the root's stream: a nested run forwards them one signal at a time, in order).
    const toggle = page.locator('[data-path="nodes/fan"] .graph-node-toggle');
    await toggle.waitFor(WAIT);
    await page.waitForFunction(
      `document.querySelector('[data-path="nodes/fan"] .graph-node-toggle')?.textContent.includes('14 (14✓')`,
    );
    assert.equal(await page.locator('[data-path^="nodes/fan/tasks/"]').count(), 0);
    await toggle.click();
    await page.locator('[data-path="nodes/fan/tasks/t13"][data-status="succeeded"]').waitFor(WAIT);
    assert.deepEqual(errors, []);
  });

  it("draws an agent's turns and its parallel tool calls", async () => {
    stack.useScript({
      'llm.json': (input) => {
        const step =
          Math.max(0, ...[...input.prompt.matchAll(/^Step (\d+):/gm)].map((m) => Number(m[1]))) + 1;
        return {
          data:
            step === 1
              ? {
                  calls: [
                    { tool: 'math.evaluate', arguments: { expression: '6 * 7' } },
                    { tool: 'math.evaluate', arguments: { expression: '2 ^ 10' } },
                  ],
                }
              : { answer: 'done' },
        };
      },
    });
    const started = await api('POST', '/agents/run', {
      goal: 'Compute two things.',
      tools: ['math.evaluate'],
      model: 'smollm2-135m',
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    await page.goto(
      `${stack.baseUrl}/console/#/runs/${encodeURIComponent(started.body.workflowId as string)}`,
    );
    await page.locator('[data-testid="run-page"][data-run-status="COMPLETED"]').waitFor(WAIT);
    await page.locator('[data-path="steps/1"]').filter({ hasText: '2 tool call(s)' }).waitFor(WAIT);
    await page.locator('[data-path="steps/1/calls/1.1"][data-status="succeeded"]').waitFor(WAIT);
    await page
      .locator('[data-path="steps/1/calls/1.2"]')
      .filter({ hasText: 'math.evaluate: ok' })
      .waitFor(WAIT);
    await page.locator('[data-path="steps/2"]').filter({ hasText: 'answer' }).waitFor(WAIT);
    assert.deepEqual(errors, []);
  });

  it("charts a stream's live counters", async () => {
    const name = `console-${Date.now()}`;
    const created = await api('POST', '/pipelines/streams', {
      name,
      analyzer: { activity: 'text.wordCount' },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const sent = await api('POST', `/pipelines/streams/${name}/events`, {
      events: [
        { id: 'e-1', text: 'one two three' },
        { id: 'e-2', text: 'four five' },
      ],
    });
    assert.equal(sent.status, 200, JSON.stringify(sent.body));
    await page.goto(`${stack.baseUrl}/console/#/streams`);
    await page.getByTestId('stream-state').filter({ hasText: 'processed 2' }).waitFor(WAIT);
    await page.locator('[data-chart="Counters"] .recharts-line').first().waitFor(WAIT);
    assert.equal((await api('DELETE', `/pipelines/streams/${name}`)).status, 202);
    assert.deepEqual(errors, []);
  });

  it('lists the runs with their links, and health with the queues', async () => {
    await page.goto(`${stack.baseUrl}/console/#/runs`);
    const rows = page.locator('[data-testid="runs"] .runs-row');
    await rows.first().waitFor(WAIT);
    assert.ok((await rows.count()) >= 3);
    // Child runs (the nested scatter-gather of an earlier test) only when asked for.
    const count = async () => Number((await page.getByTestId('runs-count').innerText()).split(' ')[0]);
    const topLevel = await count();
    await page.getByTestId('show-children').check();
    await page.waitForFunction(
      `Number(document.querySelector('[data-testid="runs-count"]').textContent.split(' ')[0]) > ${topLevel}`,
    );
    await page.getByTestId('show-children').uncheck();
    await page.getByTestId('filter-type').selectOption('dagWorkflow');
    await page.waitForFunction(
      `[...document.querySelectorAll('[data-testid="runs"] .runs-row')].every((r) => r.textContent.includes('dagWorkflow'))`,
    );
    await page.goto(`${stack.baseUrl}/console/#/health`);
    await page.getByTestId('health-parts').locator('td', { hasText: 'workflow-worker' }).waitFor(WAIT);
    await page.getByTestId('models').getByRole('cell', { name: 'smollm2-135m', exact: true }).waitFor(WAIT);
    assert.deepEqual(errors, []);
  });
});
