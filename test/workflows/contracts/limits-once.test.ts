import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../config/project-root.js';

// Every bound of a pattern spec is written once, in workflows/contracts/patterns/limits.ts; the
// spec schema (admission), the whole-spec walks and the execution invariants only name them.
// A number typed into one of them would be a second copy that can drift from the first.
const numbers = (file: string) =>
  [
    ...readFileSync(fromRoot(file), 'utf8')
      .replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')
      .matchAll(/\b\d[\d_]*\b/g),
  ]
    .map((m) => Number(m[0].replace(/_/g, '')))
    // 0, 1, 2 and small counts are arithmetic, and 1024 a unit, not limits.
    .filter((n) => n > 8 && n !== 1024);

describe('spec limits', () => {
  for (const file of [
    'workflows/contracts/patterns/spec-schema.ts',
    'workflows/contracts/patterns/spec-walk.ts',
    'workflows/contracts/patterns/execution-invariants.ts',
  ])
    it(`are named, not typed, in ${file}`, () => {
      assert.deepEqual(numbers(file), []);
    });
});
