import type { MapReduceResult } from '../../workflows/contracts/index.js';
import { postJson, resultOf } from '../bench-stack.js';
import { seconds } from './scenario.js';
import type { Scenario, SuiteContext } from './scenario.js';

/** One range map-reduce: its time, the most events in any of its runs, and the peak RSS meanwhile. */
async function rangeSum(ctx: SuiteContext, n: number) {
  let peakRss = 0;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 200);
  const t0 = performance.now();
  try {
    const { workflowId } = await postJson(`${ctx.system.baseUrl}/workflows/map-reduce`, {
      source: { type: 'range', start: 0, end: n },
      mapper: 'util.echo',
      reducer: 'number.sum',
      batchSize: 100,
    });
    const out = await resultOf<MapReduceResult>(ctx.system.baseUrl, workflowId);
    const s = seconds(t0);
    if (out.status !== 'COMPLETED' || out.result.result !== (n * (n - 1)) / 2)
      throw new Error(`range ${n}: ${JSON.stringify(out).slice(0, 300)}`);
    let maxEvents = 0;
    let runs = 0;
    for await (const wf of ctx.client.workflow.list({ query: `WorkflowId STARTS_WITH '${workflowId}'` })) {
      runs++;
      maxEvents = Math.max(maxEvents, wf.historyLength);
    }
    return { seconds: s, maxEvents, runs, peakRssMiB: Math.round(peakRss / 2 ** 20) };
  } finally {
    clearInterval(sampler);
  }
}

export const million: Scenario = {
  name: 'million',
  title: '1 000 000 range items, util.echo + number.sum, batchSize 100 (against 100 000)',
  optIn: true,
  async run(ctx) {
    const small = await rangeSum(ctx, 100_000);
    const large = await rangeSum(ctx, 1_000_000);
    const ratio = large.seconds / small.seconds;
    return {
      ours: { label: '1 000 000 items', unit: 's', values: [large.seconds] },
      peer: { label: '100 000 items', unit: 's', values: [small.seconds] },
      target:
        't(1M)/t(100k) <= 11, no run over 10 240 events, under 1 GiB RSS (API, workers and server client in one process)',
      meetsTarget: ratio <= 11 && large.maxEvents <= 10_240 && large.peakRssMiB <= 1024,
      details: { ratio: Math.round(ratio * 100) / 100, small, large },
    };
  },
};
