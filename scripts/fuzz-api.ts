// `npm run fuzz:api [-- --max-examples N]`: fuzzes the HTTP API from its own OpenAPI document with
// schemathesis, against a private stack (dev server, workflow worker and API on free ports, with an
// API key), and fails on any 5xx or any answer its document does not describe.
// No activity worker runs: started workflows wait, so fuzzed bodies cost no CPU.
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../config/project-root.js';
import { LIMITS } from '../workflows/contracts/index.js';
import { hostileRequests } from './lib/hostile-bodies.js';
import type { OpenApi } from './lib/hostile-bodies.js';
import { http } from '../runtime/http-client.js';
import { startStack } from '../runtime/stack.js';
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
  // The tools queue answers (GET /tools, tool names of agent runs); its tools do nothing here.
  tools: true,
  env: { API_KEYS: KEY, RATE_LIMIT_PER_MINUTE: '0', LOG_LEVEL: 'ERROR' },
});
const reportDir = fromRoot('.cache', 'fuzz');
mkdirSync(reportDir, { recursive: true });
/** One schemathesis run over the operations `selection` picks, with these checks. */
async function schemathesis(name: string, selection: string[], checks: string): Promise<number> {
  const ndjson = join(reportDir, `${name}.ndjson`);
  const child = spawn(
    command,
    [
      '-m',
      'schemathesis.cli',
      'run',
      `${stack.baseUrl}/docs-json`,
      ...selection,
      '--checks',
      checks,
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
      '--report',
      'ndjson',
      '--report-ndjson-path',
      ndjson,
      '--generation-database',
      'none',
      '--no-color',
    ],
    // Asynchronously: the API under test answers from this very process. Its own caches
    // (replayed crashes, examples) stay out of the project: every run starts fresh.
    { stdio: 'inherit', env, cwd: reportDir },
  );
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  console.log(`[fuzz] ${name}: schemathesis exit ${code} (events in ${ndjson})`);
  return code;
}

async function hostilePass(): Promise<number> {
  const doc = (await http<OpenApi>('GET', `${stack.baseUrl}/docs-json`)).body;
  const requests = hostileRequests(doc, LIMITS.jsonDepth);
  let failures = 0;
  for (const r of requests) {
    const res = await fetch(`${stack.baseUrl}${r.path}`, {
      method: r.method,
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: r.raw ?? JSON.stringify(r.body),
    });
    const text = await res.text();
    const refused = res.status >= 400 && res.status < 500;
    const named = !r.field || text.includes(r.field);
    if (res.status >= 500 || (!r.mayPass && (!refused || !named))) {
      failures++;
      console.log(`[fuzz] hostile: ${r.method} ${r.path} ${r.what}: ${res.status} ${text.slice(0, 300)}`);
    }
  }
  console.log(`[fuzz] hostile: ${requests.length} bodies, ${failures} not refused as expected`);
  return failures > 0 ? 1 : 0;
}

let status = 1;
try {
  const all =
    'not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance';
  const everything = await schemathesis('api', ['--exclude-path', '/health'], all);
  // /health takes no input, and without activity workers (see above) its documented answer is a
  // 503: checked against its document, not as a server error.
  const health = await schemathesis(
    'health',
    ['--include-path', '/health'],
    'response_schema_conformance,status_code_conformance,content_type_conformance',
  );
  // Type-confused bodies: schemathesis's negative mode (values its document says are invalid)...
  const negative = await schemathesis(
    'negative',
    ['--exclude-path', '/health', '--mode', 'negative'],
    'not_a_server_error',
  );
  // ...and the project's own hostile bodies (every field of another JSON type, nesting at and
  // past the depth limit, 100 000 levels): each a 4xx naming the field, never a 5xx.
  const hostile = await hostilePass();
  status = everything || health || negative || hostile;
} finally {
  await stack.teardown();
}
process.exit(status);
