import { postJson, resultOf } from '../bench-stack.js';
import { PLAIN_WORKFLOW_QUEUE } from '../peer/plain-sdk-workers.js';
import { median, seconds } from './scenario.js';
import type { Scenario } from './scenario.js';

const STEPS = 50;

export const chain: Scenario = {
  name: 'chain',
  title: `${STEPS}-step chain of short CPU steps (DAG, maxConcurrency 1)`,
  async run(ctx) {
    const nodes = Array.from({ length: STEPS }, (_, i) => ({
      id: `s${i}`,
      activity: 'util.echo',
      input: i === 0 ? 0 : { $from: `s${i - 1}` },
      ...(i > 0 ? { dependsOn: [`s${i - 1}`] } : {}),
    }));
    const ours: number[] = [];
    const peer: number[] = [];
    for (let r = 0; r < ctx.runs; r++) {
      let t0 = performance.now();
      const { workflowId } = await postJson(`${ctx.system.baseUrl}/workflows/dag`, {
        nodes,
        maxConcurrency: 1,
      });
      const out = await resultOf(ctx.system.baseUrl, workflowId);
      if (out.status !== 'COMPLETED') throw new Error('chain failed');
      ours.push(seconds(t0));
      t0 = performance.now();
      await ctx.client.workflow.execute('plainChain', {
        taskQueue: PLAIN_WORKFLOW_QUEUE,
        workflowId: `plain-chain-${Date.now()}`,
        args: [STEPS],
      });
      peer.push(seconds(t0));
    }
    return {
      ours: { label: 'DAG of local steps via the API', unit: 's', values: ours },
      peer: { label: 'plain SDK chain of activities', unit: 's', values: peer },
      target: '<= 0.6 s',
      meetsTarget: median(ours) <= 0.6,
    };
  },
};
