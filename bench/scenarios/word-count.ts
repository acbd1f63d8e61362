// Word count of a 10 MB+ real-text file (the Debian licence texts concatenated COPIES times,
// blank lines dropped: about 193 000 lines at 40) through POST /workflows/map-reduce with a
// `lines` source and the defaults a user gets (no batchSize, no maxConcurrency), against plain
// single-process Node counting the whole file at once with the same function. The counts must be equal.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { countWords } from '../../activities/cpu/text-word-count.js';
import type { MapReduceResult } from '../../workflows/contracts/index.js';
import { postJson, resultOf } from '../bench-stack.js';
import { median, seconds } from './scenario.js';
import type { Scenario } from './scenario.js';

const COPIES = Number(process.env.BENCH_COPIES ?? 40);
const LICENSES = '/usr/share/common-licenses';
/** The corpus file under the data folder, written once. */
export function corpus(dataDir: string, copies = COPIES): { name: string; bytes: number; lines: number } {
  const name = `bench-corpus-${copies}.txt`;
  const path = join(dataDir, name);
  try {
    const text = readFileSync(path, 'utf8');
    return { name, bytes: statSync(path).size, lines: text.split('\n').length - 1 };
  } catch {
    const files = readdirSync(LICENSES)
      .map((f) => join(LICENSES, f))
      .filter((f) => statSync(f).isFile())
      .sort();
    const once = files
      .map((f) => readFileSync(f, 'utf8'))
      .join('\n')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const lines = Array.from({ length: copies }, () => once).flat();
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(path, `${lines.join('\n')}\n`);
    return { name, bytes: statSync(path).size, lines: lines.length };
  }
}

/** The peer: one process, the whole file read and counted at once. */
function plainNode(path: string): { ms: number; counts: Record<string, number> } {
  const t0 = performance.now();
  const { counts } = countWords(readFileSync(path, 'utf8'));
  return { ms: performance.now() - t0, counts };
}

const sameCounts = (a: Record<string, number>, b: Record<string, number>) =>
  Object.keys(a).length === Object.keys(b).length && Object.entries(a).every(([w, n]) => b[w] === n);

export const wordCount: Scenario = {
  name: 'word-count',
  title: `word count of the licence texts × ${COPIES} (12 MB, 193 000 lines at 40; map-reduce, defaults)`,
  async run(ctx) {
    const file = corpus(ctx.system.dataDir);
    const ours: number[] = [];
    const peer: number[] = [];
    let batches = 0;
    for (let r = 0; r < ctx.runs; r++) {
      const t0 = performance.now();
      const { workflowId } = await postJson(`${ctx.system.baseUrl}/workflows/map-reduce`, {
        source: { type: 'lines', path: file.name },
        mapper: 'text.wordCount',
        reducer: 'counts.merge',
      });
      const out = await resultOf<MapReduceResult>(ctx.system.baseUrl, workflowId);
      ours.push(seconds(t0));
      if (out.status !== 'COMPLETED') throw new Error(JSON.stringify(out).slice(0, 500));
      batches = out.result.stats.batches;
      const plain = plainNode(join(ctx.system.dataDir, file.name));
      peer.push(plain.ms / 1000);
      if (!sameCounts((out.result.result as { counts: Record<string, number> }).counts, plain.counts)) {
        throw new Error('the workflow and plain Node counted different words');
      }
    }
    return {
      ours: { label: 'map-reduce via the API (defaults)', unit: 's', values: ours },
      peer: { label: 'plain single-process Node', unit: 's', values: peer },
      target: '<= 3x plain Node',
      meetsTarget: median(ours) <= 3 * median(peer),
      details: { corpus: file, batches },
    };
  },
};
