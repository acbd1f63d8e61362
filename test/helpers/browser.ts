import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

/** Where the set-up installs or finds Chromium (scripts/setup.mjs looks in the same places). */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** The Chromium the browser tests drive, or an error that says how to get one (never a skip). */
export function chromiumPath(): string {
  const given = process.env.CHROMIUM_PATH;
  const found = given ? (existsSync(given) ? given : undefined) : CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `the console's browser tests need Chromium, and ${given ? `CHROMIUM_PATH=${given} does not exist` : `none is at ${CANDIDATES.join(', ')}`}: install it (Debian: apt-get install chromium; npm install does so when run as root with apt-get) or set CHROMIUM_PATH`,
    );
  return found;
}

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

/** A screenshot for the docs, taken by the test that exercises the page so it stays current. */
export async function docsScreenshot(page: Page, path: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  await page.screenshot({ path, fullPage: false });
}

/** Submits the start form and waits for the run's page; a refusal fails with the API's problems. */
export async function submitStartForm(page: Page, timeout = 60_000): Promise<void> {
  await page.getByTestId('submit').click();
  await page.locator('[data-testid="run-page"], [data-testid="problems"]').first().waitFor({ timeout });
  if ((await page.getByTestId('problems').count()) > 0)
    throw new Error(`the API refused the form: ${await page.getByTestId('problems').innerText()}`);
}
