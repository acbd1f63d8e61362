import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { describe, it } from 'node:test';
import { fromRoot } from '../../config/project-root.js';

// A short run of `npm run fuzz:api`: schemathesis against the API's own OpenAPI document, failing
// on any 5xx or undocumented answer. The full run (1 000+ requests) is the npm script.
describe('API fuzzing (schemathesis, short run)', () => {
  it(
    'finds no server error and no answer its OpenAPI document does not describe',
    { timeout: 600_000 },
    async () => {
      let output = '';
      const child = spawn(
        process.execPath,
        [fromRoot('dist', 'scripts', 'fuzz-api.js'), '--max-examples', '2'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      assert.equal(code, 0, output.slice(-6_000));
      assert.match(output, /Test cases:\s+\d+ generated, \d+ passed/);
    },
  );
});
