// `npm run bench:prefix-cost`: what the prefix cost model (activities/llm/prefix-cost.ts) decides
// from, measured on this machine in one process with the first configured model and the default
// settings:
//   g: prompt tokens a second of two sequences evaluating different prompts together, over one
//      sequence alone (the parallel evaluation gain);
// and K calls that share a document and arrive together, each way (interleaved, medians):
//   borrow: later calls wait for the first's evaluation and copy its KV state (g treated as 1);
//   own:    every call evaluates the document on its own sequence, in the same batches;
//   serial: one call after another on one sequence, each reusing what the previous left.
// Figures in bench/results/prefix-cost.json.
import { generateTurn } from '../activities/llm/generate-turn.js';
import { loadLlama } from '../activities/llm/load-llama.js';
import { ModelHost } from '../activities/llm/model-host.js';
import { loadConfig } from '../config/app-config.js';
import { chatHostOptions } from '../workers/model-host-options.js';
import { report } from './bench-stack.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CALLS = Number(process.env.BENCH_CALLS ?? 4);
const config = loadConfig();
const chat = config.llm.models[0]!;
const llama = await loadLlama({ gpu: config.llm.gpu, threads: config.llm.threads });
const load = (parallelEvalGain: number) =>
  ModelHost.load(llama, { ...chatHostOptions(config, chat), prefixReuse: true, parallelEvalGain });
// Never borrows (g huge) and always borrows (g = 1); the same model file, two contexts.
const borrowing = await load(1);
const owning = await load(1e6);

const PARAGRAPH =
  'Durable execution keeps the state of a long-running program in an append-only history of events; every finished step is recorded before the next starts, so a crash loses nothing and another process continues from the first step not recorded. ';
const document = (tag: string) => `Report ${tag}. ${PARAGRAPH.repeat(8)}`;
const QUESTIONS = ['Who is it for?', 'What does it cost?', 'What can go wrong?', 'What is recorded?'];

const seconds = async (fn: () => Promise<unknown>) => {
  const started = performance.now();
  await fn();
  return (performance.now() - started) / 1000;
};
const ask = (host: ModelHost, text: string, maxTokens = 16) =>
  generateTurn(host, { history: [], prompt: text, maxTokens, temperature: 0 });

/** g: two different prompts evaluated together against one alone (one token generated each). */
async function parallelGain(tag: string): Promise<{ gain: number; promptTokensPerSecond: number }> {
  const alone = await seconds(() => ask(owning, document(`${tag}-a`), 1));
  const together = await seconds(() =>
    Promise.all([ask(owning, document(`${tag}-b`), 1), ask(owning, document(`${tag}-c`), 1)]),
  );
  const tokens = owning.model.tokenize(document(tag)).length;
  return { gain: (2 * alone) / together, promptTokensPerSecond: tokens / alone };
}

const questions = (tag: string) =>
  Array.from({ length: CALLS }, (_, i) => `${document(tag)}\n\n${QUESTIONS[i % QUESTIONS.length]}`);
const ways = {
  borrow: (tag: string) => Promise.all(questions(tag).map((q) => ask(borrowing, q))),
  own: (tag: string) => Promise.all(questions(tag).map((q) => ask(owning, q))),
  serial: async (tag: string) => {
    for (const q of questions(tag)) await ask(borrowing, q);
  },
};

await parallelGain('warm');
const gains: number[] = [];
const rates: number[] = [];
const times: Record<keyof typeof ways, number[]> = { borrow: [], own: [], serial: [] };
for (let i = 0; i < RUNS; i++) {
  const g = await parallelGain(`g${i}`);
  gains.push(g.gain);
  rates.push(g.promptTokensPerSecond);
  for (const way of Object.keys(ways) as Array<keyof typeof ways>)
    times[way].push(await seconds(() => ways[way](`${way}-${i}`)));
  console.log(
    `run ${i + 1}: g ${g.gain.toFixed(2)}, borrow ${times.borrow.at(-1)!.toFixed(2)} s, own ${times.own.at(-1)!.toFixed(2)} s, serial ${times.serial.at(-1)!.toFixed(2)} s`,
  );
}
const documentTokens = borrowing.model.tokenize(document('x')).length;
await borrowing.dispose();
await owning.dispose();
await llama.dispose();
report('prefix-cost', {
  runs: RUNS,
  model: chat.name,
  backend: llama.gpu === false ? 'cpu' : llama.gpu,
  threads: config.llm.threads,
  parallelEvalGain: median(gains),
  promptTokensPerSecond: median(rates),
  scenario: `${CALLS} calls sharing a ${documentTokens}-token document, 16 new tokens each, arriving together`,
  seconds: {
    borrow: median(times.borrow),
    own: median(times.own),
    serial: median(times.serial),
  },
  runsSeconds: times,
});
