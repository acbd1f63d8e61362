import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { restartingSupervisor } from '../../../scripts/lib/restarting-supervisor.js';
import { until } from '../../../scripts/lib/child-processes.js';
import { freePort } from '../../../scripts/lib/free-port.js';

// The supervisor `npm start` uses, with real child processes: one that exits at once every time
// (a worker fed a poison request, or misconfigured) and one that serves HTTP (the API).
describe('restarting supervisor', () => {
  const dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('holds back a child that keeps dying while the others keep running', { timeout: 60_000 }, async () => {
    const crasherStarts = join(dir, 'crasher');
    const serverStarts = join(dir, 'server');
    const port = await freePort();
    const supervisor = restartingSupervisor('test', ['crasher', 'server'], 'text', {
      initialDelayMs: 20,
      maxDelayMs: 640,
      maxRestartsPerMinute: 3,
    });
    const node = (name: string, code: string) => ({
      name,
      command: process.execPath,
      args: ['-e', code],
    });
    const stamp = (file: string) =>
      `require('fs').appendFileSync(${JSON.stringify(file)}, Date.now() + '\\n');`;
    supervisor.start(node('crasher', `${stamp(crasherStarts)} process.exit(3);`));
    supervisor.start(
      node(
        'server',
        `${stamp(serverStarts)} require('http').createServer((q, s) => s.end('ok')).listen(${port}, '127.0.0.1');`,
      ),
    );
    const starts = (file: string) =>
      existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map(Number) : [];
    try {
      // Far past the restarts-per-minute cap: never given up on.
      await until(() => starts(crasherStarts).length >= 8, 45_000, 'eight starts of the crasher');
      const t = starts(crasherStarts);
      const gaps = t.slice(1).map((x, i) => x - t[i]!);
      assert.ok(gaps.at(-1)! > gaps[0]! * 4, `restarts slow down: gaps ${gaps.join(', ')} ms`);
      // The other child was never touched and still answers.
      const answer = await fetch(`http://127.0.0.1:${port}/`);
      assert.equal(await answer.text(), 'ok');
      assert.equal(starts(serverStarts).length, 1);
    } finally {
      await supervisor.stopAll(2_000, [['crasher', 'server']]);
    }
  });
});
