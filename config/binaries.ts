import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fromRoot } from './project-root.js';

// Where the native Temporal tools come from: an explicit variable, the copy `npm run setup`
// installed into .local/bin, or one on PATH, in that order.

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

function locate(name: string, envVar: string): string {
  const explicit = process.env[envVar];
  if (explicit) {
    if (!existsSync(explicit)) throw new Error(`${envVar}=${explicit} does not exist.`);
    return explicit;
  }
  const local = fromRoot('.local', 'bin', name);
  if (existsSync(local)) return local;
  const found = onPath(name);
  if (found) return found;
  throw new Error(
    `${name} not found: run \`npm run setup\`, put it on PATH, or set ${envVar}=/path/to/${name}` +
      (name === 'temporal' ? ' (or set TEMPORAL_ADDRESS to use an existing cluster).' : '.'),
  );
}

export const temporalCliPath = (): string => locate('temporal', 'TEMPORAL_CLI');
export const temporalTestServerPath = (): string => locate('temporal-test-server', 'TEMPORAL_TEST_SERVER');
