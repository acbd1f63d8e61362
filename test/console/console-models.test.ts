// @models: loads the real models. run-tests runs these files one at a time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fromRoot } from '../../config/project-root.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';
import { collectPageErrors, docsScreenshot, launchBrowser, submitStartForm } from '../helpers/browser.js';

const MODELS = ['smollm2-135m', 'gemma3-270m'];
const WAIT = { timeout: 120_000 };

/** Each token panel's text length and status, every time the page changes them. */
const RECORD_PANELS = `
  window.__panels = {};
  new MutationObserver(() => {
    for (const p of document.querySelectorAll('[data-testid="token-panel"]')) {
      const chars = Number(p.querySelector('.token-text').dataset.chars);
      const running = p.classList.contains('status-running');
      const seen = (window.__panels[p.dataset.path] ??= []);
      if (running && chars > 0 && !seen.includes(chars)) seen.push(chars);
    }
  }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
`;

// A consensus started from its form in Chromium, with the two real models writing side by side.
describe('the console watching real models (Chromium)', { timeout: 400_000 }, () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  before(async () => {
    stack = await startStack({
      api: true,
      models: MODELS,
      env: { LLM_SEQUENCES: '2', RATE_LIMIT_PER_MINUTE: '0' },
    });
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  });
  after(async () => {
    await browser?.close();
    await stack?.teardown();
  });

  it("shows a consensus run's two model texts growing while it runs, then its result", async () => {
    const errors = collectPageErrors(page);
    await page.goto(`${stack.baseUrl}/console/#/start/pipelines/consensus`);
    await page.locator('#root_question').waitFor(WAIT);
    await page
      .locator('#root_question')
      .fill('In five sentences: why do leaves change colour in autumn, and why do some stay green?');
    await page.locator('#root_maxTokens').fill('160');
    await page.locator('#root_stream').selectOption('tokens');
    // Recording from before the start (the run page is a route of the same document), and answers
    // long enough to outlast the run page's connecting on a busy machine: a branch that had
    // finished before the page saw it would be drawn at its final length only.
    await page.evaluate(RECORD_PANELS);
    await submitStartForm(page);
    // Two branches' texts, each seen at two or more lengths while its branch was running.
    await page.waitForFunction(
      `Object.values(window.__panels).filter((lengths) => lengths.length >= 2).length >= 2`,
      undefined,
      WAIT,
    );
    await docsScreenshot(page, fromRoot('docs', 'images', 'console-tokens.png'));
    await page.locator('[data-testid="run-page"][data-run-status="COMPLETED"]').waitFor(WAIT);
    const grown = await page.evaluate<Record<string, number[]>>('window.__panels');
    assert.ok(Object.keys(grown).length >= 2, JSON.stringify(grown));
    await page.locator('[data-tab="result"]').click();
    await page.locator('[data-testid="result"][data-status="COMPLETED"]').waitFor(WAIT);
    // The aggregate is drawn above the whole result.
    assert.ok(
      (await page.locator('.headline dt').count()) >= 1,
      (await page.getByTestId('result').innerText()).slice(0, 300),
    );
    await page.locator('[data-tab="timeline"]').click();
    await page.locator('.usage-table td', { hasText: 'gemma3-270m' }).first().waitFor(WAIT);
    assert.deepEqual(errors, []);
  });
});
