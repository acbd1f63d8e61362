import { existsSync } from 'node:fs';

/** Where the set-up installs or finds Chromium (scripts/setup.mjs looks in the same places). */
const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/**
 * The Chromium that the browser tests and the console benchmark drive (CHROMIUM_PATH, else the
 * first of the usual places), or an error that says how to get one.
 */
export function chromiumPath(): string {
  const given = process.env.CHROMIUM_PATH;
  const found = given ? (existsSync(given) ? given : undefined) : CANDIDATES.find((p) => existsSync(p));
  if (!found)
    throw new Error(
      `the console's browser tests need Chromium, and ${given ? `CHROMIUM_PATH=${given} does not exist` : `none is at ${CANDIDATES.join(', ')}`}: install it (Debian: apt-get install chromium; npm install does so when run as root with apt-get) or set CHROMIUM_PATH`,
    );
  return found;
}
