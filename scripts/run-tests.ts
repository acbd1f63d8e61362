// `npm test`: every compiled test file under dist/test, on Node's test runner. Test files run in
// parallel processes; each integration file starts its own dev server on free ports and uses
// its own task-queue prefix, so files never collide (with each other or with `npm start`).
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fromRoot } from '../config/project-root.js';

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(path);
    return entry.name.endsWith('.test.js') ? [path] : [];
  });
}

const filter = process.argv.slice(2);
const files = testFiles(fromRoot('dist', 'test'))
  .filter((f) => filter.length === 0 || filter.some((pattern) => relative(fromRoot(), f).includes(pattern)))
  .sort();

const child = spawn(
  process.execPath,
  [
    '--enable-source-maps',
    '--test',
    '--test-reporter=spec',
    `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 2}`,
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN' } },
);
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
