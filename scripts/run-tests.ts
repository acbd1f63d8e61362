// `npm test`: every compiled test file under dist/test, on Node's test runner, in two streams
// of one file at a time (see below). Each integration file starts its own dev server on free
// ports and uses its own task-queue prefix, so files never collide (with each other or with
// `npm start`).
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
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

// Files marked @models load the real models: two of them at once would run two llama.cpp
// thread pools on the same cores, which slows both many times over. They run one at a time,
// beside the other files (also one at a time), so at most two test processes share the cores.
const usesModels = (f: string) => readFileSync(f, 'utf8').includes('@models:');
const groups = [files.filter((f) => !usesModels(f)), files.filter(usesModels)].filter((g) => g.length > 0);

const runs = groups.map(
  (group) =>
    new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        [
          '--enable-source-maps',
          '--test',
          '--test-reporter=spec',
          `--test-concurrency=${process.env.TEST_CONCURRENCY ?? 1}`,
          ...group,
        ],
        { stdio: 'inherit', env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'WARN' } },
      );
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    }),
);
process.exit(Math.max(0, ...(await Promise.all(runs))));
