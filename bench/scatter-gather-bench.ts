// `npm run bench`: 100 util.delay tasks of 1 000 ms through POST /workflows/scatter-gather
// (policy all), start to result, against the same work run one task at a time (a DAG chain
// with maxConcurrency 1). Real dev server, real workers, real API, all on this machine.
import { startStack } from '../test/helpers/test-stack.js';
import type { ScatterGatherResult } from '../workflows/contracts/index.js';
import { postJson, report, resultOf } from './bench-stack.js';

const TASKS = Number(process.env.BENCH_TASKS ?? 100);
const DELAY_MS = 1_000;

const stack = await startStack({ api: true, env: { LOG_LEVEL: 'WARN' } });
try {
  const tasks = Array.from({ length: TASKS }, (_, i) => ({
    id: `t${i}`,
    activity: 'util.delay',
    input: { ms: DELAY_MS, value: i },
  }));
  // Warm-up: first workflow task and activity pollers.
  await resultOf(
    stack.baseUrl,
    (
      await postJson(`${stack.baseUrl}/workflows/scatter-gather`, {
        tasks: tasks.slice(0, 2),
        policy: { mode: 'all' },
      })
    ).workflowId,
  );

  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t0 = performance.now();
    const started = await postJson(`${stack.baseUrl}/workflows/scatter-gather`, {
      tasks,
      policy: { mode: 'all' },
    });
    const result = await resultOf<ScatterGatherResult>(stack.baseUrl, started.workflowId);
    runs.push(performance.now() - t0);
    if (result.status !== 'COMPLETED' || result.result.tasks.some((t) => t.status !== 'succeeded')) {
      throw new Error(`run ${r} did not succeed: ${JSON.stringify(result).slice(0, 500)}`);
    }
  }

  const t0 = performance.now();
  const chain = tasks.map((t, i) => ({
    ...t,
    ...(i > 0 ? { dependsOn: [tasks[i - 1]!.id] } : {}),
  }));
  const seq = await postJson(`${stack.baseUrl}/workflows/dag`, { nodes: chain, maxConcurrency: 1 });
  const seqResult = await resultOf(stack.baseUrl, seq.workflowId);
  const sequentialMs = performance.now() - t0;
  if (seqResult.status !== 'COMPLETED') throw new Error('sequential run failed');

  const best = Math.min(...runs);
  report('scatter-gather', {
    tasks: TASKS,
    delayMsPerTask: DELAY_MS,
    parallelWallMs: runs.map((ms) => Math.round(ms)),
    parallelBestMs: Math.round(best),
    sequentialWallMs: Math.round(sequentialMs),
    speedup: Number((sequentialMs / best).toFixed(1)),
    target: 'parallel <= 1500 ms',
    meetsTarget: best <= 1_500,
  });
} finally {
  await stack.teardown();
}
