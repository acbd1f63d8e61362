// The package as a new user gets it: packed with `npm pack`, installed into a fresh project, a
// workflow of the user's own written against the library, type-checked with the package's types,
// then served by the package's worker factory in that project and run against this project's
// CPU worker on a real dev server. Also: the tarball holds no test or benchmark files, and a
// mistyped activity does not compile.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { loadConfig } from '../../config/app-config.js';
import { fromRoot } from '../../config/project-root.js';
import { startDevServer } from '../../runtime/stack.js';
import { createCpuWorker } from '../../workers/create-cpu-worker.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const tsc = fromRoot('node_modules', 'typescript', 'bin', 'tsc');

// What docs/library.md tells a user to write.
const USER_WORKFLOW = `
import { runActivity, runUsage, scatterGather } from 'parallel-ai-temporal/workflow';
import type { Usage } from 'parallel-ai-temporal/workflow';
export * from 'parallel-ai-temporal/workflows';

export async function shoutAndCount(words: string[]): Promise<{ loud: string[]; counts: Record<string, number>; usage: Usage }> {
  const outcomes = await scatterGather(
    words.map((w) => ({ id: w, run: () => runActivity('util.echo', w.toUpperCase()) })),
    { mode: 'all' },
  );
  const loud = outcomes.flatMap((o) => (o.status === 'succeeded' ? [String(o.output)] : []));
  const { counts } = await runActivity('text.wordCount', loud.join(' '));
  return { loud, counts, usage: runUsage() };
}
`;

const USER_RUNNER = `
import { Client, Connection } from '@temporalio/client';
import { connectWorker, createWorkflowWorker, loadConfig } from 'parallel-ai-temporal/worker';
import { routingMemo, taskQueueNames } from 'parallel-ai-temporal/contracts';

const config = loadConfig();
const worker = await createWorkflowWorker(await connectWorker(config), config, {
  workflowsPath: new URL('./dist/my-workflows.js', import.meta.url).pathname,
});
const running = worker.run();
const connection = await Connection.connect({ address: config.temporal.address });
const client = new Client({ connection, namespace: config.temporal.namespace });
const result = await client.workflow.execute('shoutAndCount', {
  taskQueue: taskQueueNames(config.taskQueuePrefix).workflows,
  workflowId: 'user-' + Date.now(),
  args: [['red', 'green', 'red']],
  memo: routingMemo(config.taskQueuePrefix),
});
console.log('RESULT ' + JSON.stringify(result));
worker.shutdown();
await running;
await connection.close();
`;

// The package pins one copy of each @temporalio package; workflow-streams asks for 1.23.0
// exactly, so a project that installs the package carries the same overrides (docs/library.md).
const USER_PACKAGE = {
  name: 'user-project',
  private: true,
  type: 'module',
  overrides: {
    '@temporalio/workflow-streams': Object.fromEntries(
      ['workflow', 'client', 'activity', 'common', 'proto'].map((p) => [`@temporalio/${p}`, '1.24.0']),
    ),
  },
};

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    skipLibCheck: true,
    outDir: 'dist',
    rootDir: 'src',
    types: [],
  },
  include: ['src'],
};

describe('the packed package in a fresh project (npm install from the local cache)', () => {
  let dir = '';
  let tarball = '';
  let env: TestWorkflowEnvironment;
  let cpu: { worker: Worker; done: Promise<void> } | undefined;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'parallel-ai-user-'));
    const packed = execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', dir, '--json'], {
      cwd: fromRoot(),
      encoding: 'utf8',
    });
    const [info] = JSON.parse(packed) as Array<{ filename: string; files: Array<{ path: string }> }>;
    tarball = join(dir, info!.filename);
    const project = join(dir, 'project');
    mkdirSync(join(project, 'src'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify(USER_PACKAGE, null, 2));
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify(TSCONFIG, null, 2));
    writeFileSync(join(project, 'src', 'my-workflows.ts'), USER_WORKFLOW);
    writeFileSync(join(project, 'run.mjs'), USER_RUNNER);
    execFileSync(
      npm,
      [
        'install',
        tarball,
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
        '--loglevel=error',
      ],
      { cwd: project, stdio: 'inherit' },
    );
    env = await startDevServer();
  });

  after(async () => {
    cpu?.worker.shutdown();
    await cpu?.done;
    await env?.teardown();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ships the built entry points and no tests, benchmarks or sources', () => {
    const listed = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
    assert.ok(listed.includes('package/dist/workflows/lib/index.js'));
    assert.ok(listed.includes('package/dist/workflows/lib/index.d.ts'));
    assert.ok(listed.includes('package/dist/workers/index.js'));
    const unwanted = listed.filter((f) => /^package\/(dist\/)?(test|bench)\/|\.ts$(?<!\.d\.ts$)/.test(f));
    assert.deepEqual(unwanted, []);
  });

  it("type-checks the user's workflow against the package's types, and refuses a wrong activity", () => {
    const project = join(dir, 'project');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: project, encoding: 'utf8' });
    assert.ok(readdirSync(join(project, 'dist')).includes('my-workflows.js'));
    // The library's types are live: a misspelt activity is a compile error, not `any`.
    const wrong = join(dir, 'wrong');
    mkdirSync(join(wrong, 'src'), { recursive: true });
    writeFileSync(join(wrong, 'tsconfig.json'), JSON.stringify(TSCONFIG));
    writeFileSync(
      join(wrong, 'src', 'bad.ts'),
      "import { runActivity } from 'parallel-ai-temporal/workflow';\nexport const bad = () => runActivity('util.ecko', 1);\n",
    );
    execFileSync('ln', ['-s', join(project, 'node_modules'), join(wrong, 'node_modules')]);
    assert.throws(
      () =>
        execFileSync(process.execPath, [tsc, '-p', 'tsconfig.json', '--noEmit'], {
          cwd: wrong,
          encoding: 'utf8',
        }),
      (err: { stdout?: string }) => /util\.ecko/.test(err.stdout ?? ''),
    );
  });

  it("runs it on the package's worker factory, its activities on this project's CPU worker", async () => {
    const prefix = `user-${randomUUID().slice(0, 8)}`;
    const config = loadConfig({ ...process.env, TEMPORAL_ADDRESS: env.address, TASK_QUEUE_PREFIX: prefix });
    const worker = await createCpuWorker(env.nativeConnection, config);
    cpu = { worker, done: worker.run() };
    const child = spawn(process.execPath, ['run.mjs'], {
      cwd: join(dir, 'project'),
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: env.address,
        TASK_QUEUE_PREFIX: prefix,
        SHUTDOWN_GRACE_MS: '1000',
      },
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, out);
    const line = out.split('\n').find((l) => l.startsWith('RESULT '));
    assert.ok(line, out);
    const result = JSON.parse(line.slice('RESULT '.length)) as {
      loud: string[];
      counts: Record<string, number>;
    };
    assert.deepEqual(result.loud, ['RED', 'GREEN', 'RED']);
    assert.deepEqual(result.counts, { red: 2, green: 1 });
  });
});
