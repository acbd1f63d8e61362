import { PLAIN_WORKFLOW_QUEUE } from '../peer/plain-sdk-workers.js';
import { postJson, resultOf } from '../bench-stack.js';
import type { ScatterGatherResult } from '../../workflows/contracts/index.js';
import { median, seconds } from './scenario.js';
import type { Scenario, SuiteContext } from './scenario.js';

async function scatterGather(ctx: SuiteContext, tasks: unknown[]): Promise<number> {
  const t0 = performance.now();
  const { workflowId } = await postJson(`${ctx.system.baseUrl}/workflows/scatter-gather`, {
    tasks,
    policy: { mode: 'all' },
  });
  const out = await resultOf<ScatterGatherResult>(ctx.system.baseUrl, workflowId);
  if (out.status !== 'COMPLETED' || out.result.tasks.some((t) => t.status !== 'succeeded'))
    throw new Error(`scatter-gather failed: ${JSON.stringify(out).slice(0, 300)}`);
  return seconds(t0);
}

async function plain(ctx: SuiteContext, type: string, args: unknown[]): Promise<number> {
  const t0 = performance.now();
  await ctx.client.workflow.execute(type, {
    taskQueue: PLAIN_WORKFLOW_QUEUE,
    workflowId: `${type}-${Date.now()}-${Math.random()}`,
    args,
  });
  return seconds(t0);
}

export const delayFanOut: Scenario = {
  name: 'fan-out-delay',
  title: '100 × 1 s activity, scatter-gather all (POST to result)',
  async run(ctx) {
    const tasks = Array.from({ length: 100 }, (_, i) => ({
      id: `t${i}`,
      activity: 'util.delay',
      input: { ms: 1_000, value: i },
    }));
    const ours: number[] = [];
    const peer: number[] = [];
    await scatterGather(ctx, tasks.slice(0, 2));
    for (let r = 0; r < ctx.runs; r++) {
      ours.push(await scatterGather(ctx, tasks));
      peer.push(await plain(ctx, 'plainDelayFanOut', [100, 1_000]));
    }
    return {
      ours: { label: 'scatter-gather via the API', unit: 's', values: ours },
      peer: { label: 'plain SDK Promise.all', unit: 's', values: peer },
      target: 'median <= 1.5 s',
      meetsTarget: median(ours) <= 1.5,
    };
  },
};

export const echoFanOut: Scenario = {
  name: 'fan-out-500',
  title: '500 no-op tasks, scatter-gather all (POST to result)',
  async run(ctx) {
    const tasks = Array.from({ length: 500 }, (_, i) => ({ id: `t${i}`, activity: 'util.echo', input: i }));
    const ours: number[] = [];
    const peer: number[] = [];
    for (let r = 0; r < ctx.runs; r++) {
      ours.push(await scatterGather(ctx, tasks));
      peer.push(await plain(ctx, 'plainFanOut', [500]));
    }
    return {
      ours: { label: 'scatter-gather via the API', unit: 's', values: ours },
      peer: { label: 'plain SDK Promise.all of 500 activities', unit: 's', values: peer },
      target: 'within 1.1x of the plain SDK workflow',
      meetsTarget: median(ours) <= 1.1 * median(peer),
    };
  },
};
