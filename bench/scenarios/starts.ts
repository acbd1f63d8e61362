import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { loadConfig } from '../../config/app-config.js';
import { routingMemo, taskQueueNames, WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import { startBareHttpStarter } from '../peer/bare-http-process.js';
import { PLAIN_WORKFLOW_QUEUE } from '../peer/plain-sdk-workers.js';
import { cpuPerUnit } from '../process-cpu.js';
import { median } from './scenario.js';
import type { Scenario } from './scenario.js';

const STARTS = Number(process.env.BENCH_STARTS ?? 500);
// Unrecorded starts per side before the rounds: a freshly started API process spends 1.8 ms of CPU
// on a start at first and under 1 ms once V8 has optimised its path, about 2 000 starts later. A
// running API is warm; so is the peer's client here after this.
const WARM_UP_STARTS = Number(process.env.BENCH_WARM_UP_STARTS ?? 2_000);
const CONNECTIONS = 50;

/** Runs `start` `count` times from CONNECTIONS concurrent callers: starts/s and p99 latency. */
export async function load(
  start: () => Promise<void>,
  count = STARTS,
): Promise<{ perSecond: number; p99Ms: number }> {
  const latencies: number[] = [];
  let issued = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (issued < count) {
        issued++;
        const t = performance.now();
        await start();
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: count / elapsed, p99Ms: latencies[Math.floor(latencies.length * 0.99)]! };
}

/** The median of each process's CPU per start over the loads (none when /proc was not readable). */
function medianCpu(loads: Array<{ cpuMsPerStart: Record<string, number> | undefined }>) {
  const per = loads.flatMap((l) => (l.cpuMsPerStart ? [l.cpuMsPerStart] : []));
  if (per.length === 0) return undefined;
  const roles = [...new Set(per.flatMap((p) => Object.keys(p)))];
  return Object.fromEntries(roles.map((role) => [role, median(per.map((p) => p[role] ?? 0))]));
}

export const starts: Scenario = {
  name: 'starts',
  title: `workflow starts, ${CONNECTIONS} concurrent callers`,
  async run(ctx) {
    // The load generator shares the 2 cores with the system, so it is lean: node:http on kept-alive
    // sockets. fetch (undici) cost 0.6–1.0 ms of CPU per request here, node:http 0.2–0.35 ms and
    // the API itself about 1 ms: with fetch a tenth of the API's rate went to its own client.
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const body = JSON.stringify({ message: 'hi' });
    const post = (url: URL) => () =>
      new Promise<void>((resolve, reject) => {
        const req = request(
          url,
          { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
          (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () =>
              res.statusCode === 201
                ? resolve()
                : reject(new Error(`start: ${res.statusCode} ${Buffer.concat(chunks).toString()}`)),
            );
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    const api = post(new URL(`${ctx.system.baseUrl}/workflows/echo`));
    // The floor for any HTTP front: the same start behind a bare node:http server, its own process.
    const bare = await startBareHttpStarter(ctx.system.temporalAddress);
    const bareHttp = post(new URL(`${bare.baseUrl}/workflows/echo`));
    const plain = async () => {
      await ctx.client.workflow.start('plainEcho', {
        taskQueue: PLAIN_WORKFLOW_QUEUE,
        workflowId: `plain-echo-${randomUUID()}`,
        args: ['hi'],
      });
    };
    // The API's own start call (same workflow, queue and memo) made from this process: what
    // separates it from the API is the HTTP hop, from the peer the start's options and workflow.
    const prefix = loadConfig().taskQueuePrefix;
    const direct = async () => {
      await ctx.client.workflow.start(WORKFLOW_TYPES.echo, {
        taskQueue: taskQueueNames(prefix).workflows,
        workflowId: `echo-${randomUUID()}`,
        args: [{ message: 'hi' }],
        memo: routingMemo(prefix),
      });
    };
    // Each load starts on a quiet system: the runs the previous load started (on our workers or
    // the peer's) have all closed, so no load pays for another's backlog. The order rotates from
    // round to round, so neither side always goes first on a store that grows as the runs go on.
    const drained = async () => {
      const query = `WorkflowType IN ('${WORKFLOW_TYPES.echo}', 'plainEcho') AND ExecutionStatus = 'Running'`;
      for (const deadline = Date.now() + 120_000; Date.now() < deadline;) {
        if ((await ctx.client.workflow.count(query)).count === 0) return;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error('the started runs did not close within 120 s');
    };
    type Load = { perSecond: number; p99Ms: number; cpuMsPerStart: Record<string, number> | undefined };
    const ours: Load[] = [];
    const peer: Load[] = [];
    const sameCall: Load[] = [];
    const behindBareHttp: Load[] = [];
    const sides = [
      { start: api, into: ours },
      { start: plain, into: peer },
      { start: direct, into: sameCall },
      { start: bareHttp, into: behindBareHttp },
    ];
    // Where each start's CPU goes, per process: the API's part against the clients'.
    const processes = [...(ctx.system.pid ? [ctx.system.pid] : []), bare.pid];
    try {
      for (const side of sides) {
        await drained();
        await load(side.start, WARM_UP_STARTS);
      }
      for (let r = 0; r < ctx.runs; r++) {
        for (let i = 0; i < sides.length; i++) {
          const side = sides[(r + i) % sides.length]!;
          await drained();
          const { result, cpuMsPerUnit } = await cpuPerUnit(processes, STARTS, () => load(side.start));
          side.into.push({ ...result, cpuMsPerStart: cpuMsPerUnit });
        }
      }
    } finally {
      agent.destroy();
      await bare.stop();
    }
    const oursRate = median(ours.map((o) => o.perSecond));
    const peerRate = median(peer.map((o) => o.perSecond));
    const p99 = median(ours.map((o) => o.p99Ms));
    return {
      ours: { label: 'POST /workflows/echo', unit: 'starts/s', values: ours.map((o) => o.perSecond) },
      peer: { label: 'plain client start()', unit: 'starts/s', values: peer.map((o) => o.perSecond) },
      target: '>= 0.95x the plain client, >= 150 starts/s, p99 <= 0.5 s',
      meetsTarget: oursRate >= 0.95 * peerRate && oursRate >= 150 && p99 <= 500,
      details: {
        starts: STARTS,
        warmUpStartsPerSide: WARM_UP_STARTS,
        connections: CONNECTIONS,
        oursP99Ms: ours.map((o) => Math.round(o.p99Ms)),
        peerP99Ms: peer.map((o) => Math.round(o.p99Ms)),
        // The API's start call without the API (see above), starts/s per run.
        sameCallWithoutApi: sameCall.map((o) => Math.round(o.perSecond * 10) / 10),
        // The same call behind a bare node:http server in its own process, starts/s per run.
        sameCallBehindBareHttp: behindBareHttp.map((o) => Math.round(o.perSecond * 10) / 10),
        bareHttpP99Ms: behindBareHttp.map((o) => Math.round(o.p99Ms)),
        // Median CPU ms per start by process ("bench": the load generator, with the peer's workers).
        cpuMsPerStart: {
          api: medianCpu(ours),
          plainClient: medianCpu(peer),
          sameCallWithoutApi: medianCpu(sameCall),
          sameCallBehindBareHttp: medianCpu(behindBareHttp),
        },
      },
    };
  },
};
