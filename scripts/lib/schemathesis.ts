// Schemathesis (an OpenAPI fuzzer, from PyPI) in a git-ignored folder of the project, installed
// on first use and reused while its version matches the pin.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../config/project-root.js';

export const SCHEMATHESIS_PIN = 'schemathesis==4.32.5';
const DIR = fromRoot('.local', 'schemathesis');
const STAMP = join(DIR, '.installed');

function python(): string {
  for (const cmd of ['python3', 'python']) {
    if (spawnSync(cmd, ['-m', 'pip', '--version']).status === 0) return cmd;
  }
  throw new Error('the API fuzzer needs python3 with pip (it installs schemathesis from PyPI)');
}

/** Installs schemathesis when missing; returns how to run it. */
export function ensureSchemathesis(log: (line: string) => void = console.log): {
  command: string;
  env: NodeJS.ProcessEnv;
} {
  const py = python();
  if (!existsSync(STAMP) || readFileSync(STAMP, 'utf8') !== SCHEMATHESIS_PIN) {
    log(`installing ${SCHEMATHESIS_PIN} into .local/schemathesis`);
    rmSync(DIR, { recursive: true, force: true });
    const r = spawnSync(
      py,
      [
        '-m',
        'pip',
        'install',
        '--disable-pip-version-check',
        '--no-input',
        '--quiet',
        '--target',
        DIR,
        SCHEMATHESIS_PIN,
      ],
      { stdio: 'inherit', env: { ...process.env, PIP_BREAK_SYSTEM_PACKAGES: '1' } },
    );
    if (r.status !== 0) throw new Error(`pip could not install ${SCHEMATHESIS_PIN} (exit ${r.status})`);
    writeFileSync(STAMP, SCHEMATHESIS_PIN);
  }
  return { command: py, env: { ...process.env, PYTHONPATH: DIR } };
}
