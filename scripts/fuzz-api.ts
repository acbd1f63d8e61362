// `npm run fuzz:api [-- --max-examples N]`: fuzzes the HTTP API from its own OpenAPI document with
// schemathesis, against a private stack (dev server, workflow worker and API on free ports, with an
// API key), and fails on any 5xx or any answer its document does not describe.
// No activity worker runs: started workflows wait, so fuzzed bodies cost no CPU.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../config/project-root.js';
import { startStack } from '../test/helpers/test-stack.js';
import { ensureSchemathesis } from './lib/schemathesis.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};
const maxExamples = arg('--max-examples', '10');
const seed = arg('--seed', '1');
const KEY = 'fuzz-key-0123456789abcdef';

const { command, env } = ensureSchemathesis();
const stack = await startStack({
  api: true,
  cpu: false,
  env: { API_KEYS: KEY, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'ERROR' },
});
const reportDir = fromRoot('.cache', 'fuzz');
mkdirSync(reportDir, { recursive: true });
const ndjson = join(reportDir, 'events.ndjson');
let status = 1;
try {
  // Asynchronously: the API under test answers from this very process.
  const child = spawn(
    command,
    [
      '-m',
      'schemathesis.cli',
      'run',
      `${stack.baseUrl}/docs-json`,
      '--checks',
      'not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance',
      '--max-examples',
      maxExamples,
      '--seed',
      seed,
      '--header',
      `Authorization: Bearer ${KEY}`,
      '--request-timeout',
      '20',
      '--phases',
      'examples,coverage,fuzzing',
      // It takes no input, and without activity workers (see above) its honest answer is 503.
      '--exclude-path',
      '/health',
      '--report',
      'ndjson',
      '--report-ndjson-path',
      ndjson,
      '--generation-database',
      'none',
      '--no-color',
    ],
    // Its own caches (replayed crashes, examples) stay out of the project: every run starts fresh.
    { stdio: 'inherit', env, cwd: reportDir },
  );
  status = await new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
  const events = readFileSync(ndjson, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  console.log(`[fuzz] schemathesis exit ${status}; ${events.length} report events in ${ndjson}`);
} finally {
  await stack.teardown();
}
process.exit(status);
