import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath } from '../../scripts/lib/chromium-path.js';

/** A headless Chromium through playwright-core (which downloads no browser of its own). */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    // Root in CI containers: Chromium's sandbox needs user namespaces it may not have.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** Fails the test with what the page logged, when the console throws. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(err.message));
  return errors;
}

/**
 * A screenshot for the docs, taken by the test that exercises the page (so it shows what the test
 * checked). Written only with UPDATE_DOCS_SCREENSHOTS=1 (`npm run docs:screenshots`): every run
 * would otherwise leave changed images behind; the page is still rendered and checked.
 */
export async function docsScreenshot(page: Page, path: string): Promise<void> {
  const image = await page.screenshot({ fullPage: false });
  if (process.env.UPDATE_DOCS_SCREENSHOTS !== '1') return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, image);
}

/** Submits the start form and waits for the run's page; a refusal fails with the API's problems. */
export async function submitStartForm(page: Page, timeout = 60_000): Promise<void> {
  await page.getByTestId('submit').click();
  await page.locator('[data-testid="run-page"], [data-testid="problems"]').first().waitFor({ timeout });
  if ((await page.getByTestId('problems').count()) > 0)
    throw new Error(`the API refused the form: ${await page.getByTestId('problems').innerText()}`);
}
