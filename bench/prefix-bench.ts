// `npm run bench:prefix`: prefix reuse on against off, side by side in one run, in the topology
// users run (`npm start`: supervisor, dev server, separate worker processes, API; default
// settings but LLM_PREFIX_REUSE). Per scenario, interleaved runs on both systems; medians of the
// wall time, and the prompt tokens evaluated over those requested (from the results' usage).
// Figures in bench/results/prefix.json (tables in docs/benchmarks.md via `npm run docs`).
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../config/app-config.js';
import {
  COLLECTIONS_FOLDER,
  RESEARCH_DEFAULTS,
  RESEARCH_INDEX_FOLDER,
} from '../workflows/contracts/index.js';
import type { Usage } from '../workflows/contracts/index.js';
import { lastFigures, postJson, report, resultOf } from './bench-stack.js';
import { startNpmStartSystem } from './npm-start-system.js';
import type { RunningSystem } from './npm-start-system.js';
import { median } from './scenarios/scenario.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const RECORDS = Number(process.env.BENCH_RECORDS ?? 200);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 96);

// A document of about 450 tokens: the analyses of one text share it.
const DOCUMENT = [
  'Durable execution keeps the state of a long-running program in an append-only history of events.',
  'Every step that finishes is recorded before the next one starts, so a crash of the process that ran it loses nothing:',
  'another process replays the history, skips what was recorded and continues from the first step that was not.',
  'This is how a workflow engine can promise that a payment is charged once, that an email is sent once,',
  'and that a model call which took a minute is not repeated because a container was rescheduled.',
  'The price is determinism: the code that decides what to do next must make the same decisions when it is replayed,',
  'so it may not read clocks, random numbers or the network directly; those go through activities whose results are recorded.',
  'Parallel work fits this model well. A fan-out schedules many activities at once and records each completion as it arrives;',
  'a fan-in waits for all, the first, or a quorum of them, and the decision it takes is recorded too.',
  'Bounded concurrency keeps a large fan-out from overwhelming the workers, and the history stays small',
  'when each batch of items is one activity rather than one activity per item.',
  'Teams use it to analyse one document from several angles at once, to ask several models the same question and take a vote,',
  'and to map thousands of records through a model and reduce the outputs, with every finished step checkpointed.',
].join(' ');

// Every run's document starts differently (its tag first), so a run reuses only what its own
// calls share, never what an earlier identical request left in the sequences.
// The default analyzers, all four: every one reads the document first.
const perspectives = (tag: string) => ({ text: `Report ${tag}. ${DOCUMENT}` });
const decision = (tag: string) => ({
  problem: `Report ${tag}. ${DOCUMENT}\nGiven this, our team of five must choose where to run durable workflows for a new service.`,
  options: ['a managed cloud service', 'our own cluster', 'a single virtual machine'],
  strategies: ['cost-benefit', 'risk assessment'],
  perspectives: ['short-term', 'long-term'],
  maxTokens: 64,
});
const REVIEWS = [
  'Arrived quickly and works perfectly.',
  'The battery died after two days.',
  'It does what it says, nothing more.',
  'Terrible support, never again.',
  'Great value for the price.',
];

interface Scenario {
  name: string;
  /** Untimed work a run needs first (research: its collection's index). */
  prepare?(system: RunningSystem, tag: string): Promise<void>;
  run(system: RunningSystem, tag: string): Promise<Usage>;
}

async function runPipeline(system: RunningSystem, route: string, body: unknown): Promise<Usage> {
  const { workflowId } = await postJson(`${system.baseUrl}/pipelines/${route}`, body);
  const outcome = await resultOf<{ usage: Usage }>(system.baseUrl, workflowId);
  if (outcome.status !== 'COMPLETED') throw new Error(`${route}: ${JSON.stringify(outcome)}`);
  return outcome.result.usage;
}

const dataDir = loadConfig().dataDir;
const batchFolder = `bench-prefix-${Date.now()}`;
mkdirSync(join(dataDir, batchFolder), { recursive: true });
/** A run's own records: what they share is the classifier's instructions and labels, not a record. */
function reviewsFile(tag: string): string {
  const name = `reviews-${tag}.txt`;
  writeFileSync(
    join(dataDir, batchFolder, name),
    `${Array.from({ length: RECORDS }, (_, i) => `(${tag} #${i}) ${REVIEWS[i % REVIEWS.length]}`).join('\n')}\n`,
  );
  return name;
}

// Research over a collection of its own per run: 24 of the demo collection's READMEs, each
// starting with the run's tag, so a run's claim checks reuse the sources they share with each
// other, never what an earlier run's checks of the same README left in the sequences.
const RESEARCH_FILES = /^(@temporalio__|@nestjs__|@modelcontextprotocol__|node-llama-cpp|minisearch)/;
const researchCollection = (tag: string) => `bench-prefix-research-${tag}`;
function writeResearchCollection(tag: string): void {
  const from = join(dataDir, COLLECTIONS_FOLDER, RESEARCH_DEFAULTS.collection);
  const to = join(dataDir, COLLECTIONS_FOLDER, researchCollection(tag));
  mkdirSync(to, { recursive: true });
  for (const file of readdirSync(from)
    .filter((f) => RESEARCH_FILES.test(f))
    .sort()
    .slice(0, 24))
    writeFileSync(join(to, file), `Run ${tag}.\n\n${readFileSync(join(from, file), 'utf8')}`);
}
function removeResearchCollections(tags: string[]): void {
  for (const tag of tags)
    for (const folder of [COLLECTIONS_FOLDER, RESEARCH_INDEX_FOLDER])
      rmSync(join(dataDir, folder, researchCollection(tag)), { recursive: true, force: true });
}

/** A stream with the classifier: every event delivered (429s retried), drained, its usage read. */
async function runStream(system: RunningSystem, tag: string): Promise<Usage> {
  const name = `bench-${tag}`;
  await postJson(`${system.baseUrl}/pipelines/streams`, {
    name,
    analyzer: {
      activity: 'llm.classify',
      params: { model: 'smollm2-135m', labels: ['positive', 'negative', 'neutral'] },
    },
  });
  for (let i = 0; i < EVENTS; i += 8) {
    const events = Array.from({ length: Math.min(8, EVENTS - i) }, (_, k) => ({
      id: `${tag}-${i + k}`,
      text: `(${tag} #${i + k}) ${REVIEWS[(i + k) % REVIEWS.length]}`,
    }));
    for (;;) {
      const res = await fetch(`${system.baseUrl}/pipelines/streams/${name}/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ events }),
      });
      if (res.status === 200) break;
      if (res.status !== 429) throw new Error(`events: ${res.status} ${await res.text()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await fetch(`${system.baseUrl}/pipelines/streams/${name}`, { method: 'DELETE' });
  const outcome = await resultOf<{ usage: Usage; processed: number }>(system.baseUrl, `stream-${name}`);
  if (outcome.status !== 'COMPLETED' || outcome.result.processed !== EVENTS)
    throw new Error(`stream: ${JSON.stringify(outcome).slice(0, 500)}`);
  return outcome.result.usage;
}

const SCENARIOS: Scenario[] = [
  { name: 'perspectives', run: (s, tag) => runPipeline(s, 'perspectives', perspectives(tag)) },
  { name: 'decision', run: (s, tag) => runPipeline(s, 'decision', decision(tag)) },
  {
    name: 'research',
    prepare: async (s, tag) => {
      writeResearchCollection(tag);
      await runPipeline(s, 'research/index', { collection: researchCollection(tag) });
    },
    run: (s, tag) =>
      runPipeline(s, 'research', {
        question: `(${tag}) How do I cancel an activity that is running, and how does it notice?`,
        collection: researchCollection(tag),
        maxSources: 4,
      }),
  },
  {
    name: `batch classify (${RECORDS} records)`,
    run: (s, tag) =>
      runPipeline(s, 'batch', {
        input: { path: `${batchFolder}/${reviewsFile(tag)}`, format: 'lines' },
        output: { path: `${batchFolder}/out-${tag}.jsonl` },
        activity: 'llm.classify',
        params: { model: 'smollm2-135m', labels: ['positive', 'negative', 'neutral'] },
      }),
  },
  { name: `stream classify (${EVENTS} events)`, run: runStream },
];

const asked = process.argv.slice(2);
const chosen = SCENARIOS.filter((s) => asked.length === 0 || asked.some((a) => s.name.startsWith(a)));
const on = await startNpmStartSystem({ RATE_LIMIT_PER_MINUTE: '0' });
const off = await startNpmStartSystem({ RATE_LIMIT_PER_MINUTE: '0', LLM_PREFIX_REUSE: 'off' });
const figures: Record<string, unknown> = {};
try {
  for (const scenario of chosen) {
    const seconds = { on: [] as number[], off: [] as number[] };
    const evaluated = { on: [] as number[], off: [] as number[] };
    for (let i = 0; i < RUNS; i++)
      for (const mode of ['on', 'off'] as const)
        await scenario.prepare?.(mode === 'on' ? on : off, `${mode}-${i}`);
    for (let i = 0; i < RUNS; i++) {
      // Alternate which goes first, so neither always runs on a machine the other just warmed.
      const order = i % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const);
      for (const mode of order) {
        const started = performance.now();
        const usage = await scenario.run(mode === 'on' ? on : off, `${mode}-${i}`);
        seconds[mode].push((performance.now() - started) / 1000);
        evaluated[mode].push(usage.promptTokensEvaluated / usage.promptTokens);
      }
      console.log(
        `${scenario.name} run ${i + 1}: on ${seconds.on.at(-1)!.toFixed(1)} s (evaluated ${evaluated.on.at(-1)!.toFixed(2)}), off ${seconds.off.at(-1)!.toFixed(1)} s`,
      );
    }
    figures[scenario.name] = {
      onSeconds: { median: median(seconds.on), runs: seconds.on },
      offSeconds: { median: median(seconds.off), runs: seconds.off },
      lessTime: Math.round((1 - median(seconds.on) / median(seconds.off)) * 1000) / 1000,
      evaluatedOverRequested: { on: median(evaluated.on), off: median(evaluated.off) },
    };
  }
} finally {
  await on.stop();
  await off.stop();
  removeResearchCollections(Array.from({ length: RUNS }, (_, i) => [`on-${i}`, `off-${i}`]).flat());
}
// Scenarios not run this time keep their last figures.
report('prefix', {
  runs: RUNS,
  topology: 'npm start (supervisor, dev server on SQLite, separate worker processes, API); default settings',
  figures: { ...lastFigures('prefix'), ...figures },
});
