import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../config/project-root.js';

// The pattern specs are checked twice — by the API's zod schemas and by the spec validator the
// workflows also run — but each bound is written once, in workflows/contracts/patterns/limits.ts.
// A number typed into both checkers would be a second copy that can drift from the first.
const numbers = (file: string) =>
  new Set(
    [
      ...readFileSync(fromRoot(file), 'utf8')
        .replace(/\/\/.*|\/\*[\s\S]*?\*\//g, '')
        .matchAll(/\b\d[\d_]*\b/g),
    ]
      .map((m) => Number(m[0].replace(/_/g, '')))
      // 0, 1, 2 and small counts are arithmetic, not limits.
      .filter((n) => n > 8),
  );

describe('spec limits', () => {
  it('are written once: no bound appears in both the API schemas and the validator', () => {
    const schemas = numbers('api/patterns/pattern-schemas.ts');
    const validator = numbers('workflows/contracts/patterns/validate.ts');
    assert.deepEqual(
      [...schemas].filter((n) => validator.has(n)),
      [],
    );
  });
});
