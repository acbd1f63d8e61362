// `npm run bench:agent-model`: the agent loop's overhead on a bundled model, in the topology users
// run (`npm start`'s processes). Each run: POST /agents/run (gemma3-270m, math.evaluate), then a
// plain SDK workflow that schedules exactly the activities that run scheduled — same types, queues
// and inputs, one after another — on the same system. Prefix reuse is off for this benchmark
// only (LLM_PREFIX_REUSE=off), so the second of two identical prompts is not given a head start;
// everything else is the default. Medians of BENCH_RUNS. Figures in bench/results/agent-model.json.
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { postJson, report, resultOf } from './bench-stack.js';
import { startNpmStartSystem } from './npm-start-system.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PEER_QUEUE = 'agent-model-bench-peer';
const GOALS = [
  'What is 1234 * 5678 + 91? Use the calculator.',
  'What is 4321 * 8765 - 12? Use the calculator.',
  'What is 999 * 999 + 1? Use the calculator.',
  'What is 2024 * 365 + 7? Use the calculator.',
  'What is 31 * 4096 - 5? Use the calculator.',
];

const system = await startNpmStartSystem({ RATE_LIMIT_PER_MINUTE: '0', LLM_PREFIX_REUSE: 'off' });
const connection = await Connection.connect({ address: system.temporalAddress });
const client = new Client({ connection });
const native = await NativeConnection.connect({ address: system.temporalAddress });
const peer = await Worker.create({
  connection: native,
  taskQueue: PEER_QUEUE,
  workflowsPath: fileURLToPath(new URL('./peer/agent-peer-workflows.js', import.meta.url)),
});
const peerRun = peer.run();
const decode = (p: { data?: Uint8Array | null } | undefined) =>
  p?.data ? (JSON.parse(Buffer.from(p.data).toString('utf8')) as unknown) : undefined;

const ours: number[] = [];
const plain: number[] = [];
const steps: number[] = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const { workflowId } = await postJson(`${system.baseUrl}/agents/run`, {
      goal: GOALS[i % GOALS.length],
      tools: ['math.evaluate'],
      model: 'gemma3-270m',
      maxSteps: 3,
    });
    const outcome = await resultOf<{ steps: unknown[] }>(system.baseUrl, workflowId);
    if (outcome.status !== 'COMPLETED') throw new Error(JSON.stringify(outcome));
    ours.push((performance.now() - started) / 1000);
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const calls = (history.events ?? []).flatMap((e) => {
      const a = e.activityTaskScheduledEventAttributes;
      if (!a) return [];
      const timeout = a.startToCloseTimeout;
      return [
        {
          type: a.activityType!.name!,
          queue: a.taskQueue!.name!,
          input: decode(a.input?.payloads?.[0] ?? undefined),
          timeoutMs: timeout ? Number(timeout.seconds ?? 0) * 1000 + (timeout.nanos ?? 0) / 1e6 : 60_000,
        },
      ];
    });
    steps.push(outcome.result.steps.length);
    const peerStarted = performance.now();
    await client.workflow.execute('plainReplay', {
      taskQueue: PEER_QUEUE,
      workflowId: `plain-replay-${workflowId}`,
      args: [{ calls }],
    });
    plain.push((performance.now() - peerStarted) / 1000);
    console.log(
      `run ${i + 1}: agent ${ours.at(-1)!.toFixed(2)} s, plain ${plain.at(-1)!.toFixed(2)} s, ${calls.length} activities`,
    );
  }
} finally {
  peer.shutdown();
  await peerRun;
  await native.close();
  await connection.close();
  await system.stop();
}
const ratio = Math.round((median(ours) / median(plain)) * 100) / 100;
report('agent-model', {
  runs: RUNS,
  topology:
    'npm start (supervisor, dev server on SQLite, separate worker processes, API); default settings but LLM_PREFIX_REUSE=off',
  scenario:
    'POST /agents/run, gemma3-270m with math.evaluate (maxSteps 3); peer: a plain SDK workflow scheduling the same activities with the same inputs',
  agentSeconds: { median: median(ours), runs: ours },
  plainSdkSeconds: { median: median(plain), runs: plain },
  stepsMedian: median(steps),
  ratio,
  target: '≤ 1.2× the plain SDK workflow',
  meetsTarget: ratio <= 1.2,
});
