// `npm run bench:agent`: the agent loop's own cost, side by side with its peer in one run.
// (1) Overhead: a scripted model answers at once with one math.evaluate call a turn for STEPS
//     turns; agentWorkflow against a plain SDK workflow calling the same two activities in the
//     same order (bench/peer/agent-peer-workflows.ts). Target: ≤ 1.2× the plain time a step.
// (2) Parallel calls: one turn asks for four http.fetch calls to a local server that answers
//     after 1 s; the time from that turn's end to the next turn's start. Target: ≤ 1.5 s.
// Scripted models are served in-process (runtime/stack.ts with `scripted`), so this runs in the
// one-process stack rather than npm start's processes; both sides share it. Medians of RUNS.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { mkdirSync, writeFileSync } from 'node:fs';
import { Worker } from '@temporalio/worker';
import { fromRoot } from '../config/project-root.js';
import { startStack } from '../runtime/stack.js';
import type { LlmScript } from '../runtime/scripted-llm-activities.js';
import { llmTaskQueue, routingMemo, toolsTaskQueue } from '../workflows/contracts/index.js';
import { agentWorkflow } from '../workflows/index.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const STEPS = 20;
const MODEL = 'smollm2-135m';
const PEER_QUEUE = 'agent-bench-peer';

// A local server that answers every GET after a second.
const slow = createServer((_req, res) => setTimeout(() => res.end('slow answer'), 1_000));
await new Promise<void>((r) => slow.listen(0, '127.0.0.1', r));
const slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/`;

const script: LlmScript = {
  'llm.json': (input) => {
    if (!('oneOf' in input.schema) && !JSON.stringify(input.schema).includes('"calls"'))
      return {
        data: input.prompt === 'answer' || input.prompt.startsWith('Step ') ? {} : { answer: 'done' },
      };
    const done = [...input.prompt.matchAll(/^Step (\d+):/gm)].length;
    if (input.prompt.includes('fetch four'))
      return done === 0
        ? {
            data: {
              calls: Array.from({ length: 4 }, () => ({ tool: 'http.fetch', arguments: { url: slowUrl } })),
            },
          }
        : { data: { answer: 'fetched' } };
    return done < STEPS
      ? { data: { calls: [{ tool: 'math.evaluate', arguments: { expression: `${done} + 1` } }] } }
      : { data: { answer: 'done' } };
  },
};

const stack = await startStack({
  scripted: { models: [MODEL], script },
  env: { LOG_LEVEL: 'WARN', TOOLS_HTTP_ALLOW: '127.0.0.1' },
});
const peer = await Worker.create({
  connection: stack.env.nativeConnection,
  namespace: stack.config.temporal.namespace,
  taskQueue: PEER_QUEUE,
  workflowsPath: fileURLToPath(new URL('./peer/agent-peer-workflows.js', import.meta.url)),
});
const peerRun = peer.run();
const client = stack.env.client;
const prefix = stack.config.taskQueuePrefix;

async function timeAgent(): Promise<number> {
  const started = performance.now();
  const handle = await stack.start(agentWorkflow, {
    goal: 'count',
    tools: ['math.evaluate'],
    model: MODEL,
    maxSteps: STEPS + 1,
  });
  const result = await handle.result();
  if (result.toolCalls !== STEPS) throw new Error(`expected ${STEPS} calls, got ${result.toolCalls}`);
  return (performance.now() - started) / 1000;
}

async function timePeer(): Promise<number> {
  const started = performance.now();
  await client.workflow.execute('plainAgentSteps', {
    taskQueue: PEER_QUEUE,
    workflowId: `plain-agent-${Date.now()}-${Math.random()}`,
    args: [
      {
        llmQueue: llmTaskQueue(prefix, MODEL),
        toolsQueue: toolsTaskQueue(prefix),
        model: MODEL,
        steps: STEPS,
      },
    ],
    memo: routingMemo(prefix),
  });
  return (performance.now() - started) / 1000;
}

/** From the end of the turn that asked for the four calls to the start of the next turn (s). */
async function parallelTurn(): Promise<number> {
  const handle = await stack.start(agentWorkflow, {
    goal: 'fetch four pages',
    tools: ['http.fetch'],
    model: MODEL,
    maxSteps: 3,
  });
  await handle.result();
  const events = (await handle.fetchHistory()).events ?? [];
  const turns = events.filter(
    (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'llm.json',
  );
  const firstTurnDone = events.find(
    (e) =>
      e.activityTaskCompletedEventAttributes?.scheduledEventId?.toString() === turns[0]!.eventId?.toString(),
  )!;
  const ms = (e: (typeof events)[number]) => Number(e.eventTime!.seconds) * 1000 + e.eventTime!.nanos! / 1e6;
  return (ms(turns[1]!) - ms(firstTurnDone)) / 1000;
}

try {
  await timeAgent(); // warm-up: bundles loaded, connections open
  await timePeer();
  const ours: number[] = [];
  const plain: number[] = [];
  const turns: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    ours.push(await timeAgent());
    plain.push(await timePeer());
    turns.push(await parallelTurn());
  }
  const perStep = (s: number) => (s / STEPS) * 1000;
  const ratio = Math.round((median(ours) / median(plain)) * 100) / 100;
  const result = {
    benchmark: 'agent',
    measuredAt: new Date().toISOString(),
    runs: RUNS,
    topology:
      'one-process stack (dev server, workflow, CPU/tools workers; scripted model served in-process); default settings',
    overhead: {
      scenario: `${STEPS} turns of a scripted model, one math.evaluate call each`,
      agentLoopMsPerStep: Math.round(perStep(median(ours)) * 10) / 10,
      plainSdkMsPerStep: Math.round(perStep(median(plain)) * 10) / 10,
      ratio,
      target: '≤ 1.2× the plain SDK workflow',
      meetsTarget: ratio <= 1.2,
    },
    parallelCalls: {
      scenario: 'one turn, four http.fetch calls of 1 s each (a local server)',
      turnSeconds: Math.round(median(turns) * 1000) / 1000,
      target: '≤ 1.5 s',
      meetsTarget: median(turns) <= 1.5,
    },
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(fromRoot('bench', 'results'), { recursive: true });
  writeFileSync(fromRoot('bench', 'results', 'agent.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  peer.shutdown();
  await peerRun;
  await stack.teardown();
  slow.close();
}
