// `npm run bench:agents-goals`: the agents pipeline on goals of our own (not the README's), with
// the defaults a user gets (default team, default maxSubtasks, the first configured model), two
// runs at a time: how many complete, whether the planner's plan was used, how long they take.
// Results in bench/results/agents-goals.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { fromRoot } from '../config/project-root.js';
import { startStack } from '../runtime/stack.js';
import { agentsPipeline } from '../workflows/pipelines/agents/agents.pipeline.js';
import { agentsPipelineWorkflow } from '../workflows/index.js';
import { median } from './scenarios/scenario.js';

const GOALS = [
  'Explain how a bicycle gear system works to a ten-year-old.',
  'Draft a short checklist for moving to a new apartment.',
  'Compare tea and coffee for someone who wants less caffeine.',
  'Write a three-sentence product description for a reusable water bottle.',
  'Suggest a weekend plan for a family visiting a rainy city.',
  'Summarise the pros and cons of working from home.',
  'Give advice on preparing for a job interview as a junior developer.',
  'Outline a one-week beginner running schedule.',
  'Explain why the sky is blue and why sunsets are red.',
  'Propose three names for a neighbourhood book club and explain each.',
  'Describe how to keep houseplants alive while on a two-week holiday.',
  'Write a polite email asking a colleague to review a document by Friday.',
];

interface Outcome {
  goal: string;
  completed: boolean;
  seconds: number;
  planFallback?: string;
  replanned?: boolean;
  subtasks?: number;
  failedSubtasks?: number;
  error?: string;
}

const stack = await startStack({ models: ['smollm2-135m', 'gemma3-270m'], env: { LOG_LEVEL: 'WARN' } });
const outcomes: Outcome[] = [];
try {
  await Promise.all(
    [0, 1].map(async (lane) => {
      for (let i = lane; i < GOALS.length; i += 2) {
        const goal = GOALS[i]!;
        const input = agentsPipeline.resolve(agentsPipeline.body.parse({ goal }), { config: stack.config });
        const started = performance.now();
        const seconds = () => Math.round(performance.now() - started) / 1000;
        try {
          const r = await (await stack.start(agentsPipelineWorkflow, input)).result();
          outcomes.push({
            goal,
            completed: true,
            seconds: seconds(),
            ...(r.planFallback ? { planFallback: r.planFallback } : {}),
            replanned: r.replanned !== undefined,
            subtasks: r.subtasks.length,
            failedSubtasks: r.subtasks.filter((s) => s.status !== 'succeeded').length,
          });
        } catch (err) {
          const cause = (err as { cause?: { message?: string; cause?: { message?: string } } }).cause;
          outcomes.push({
            goal,
            completed: false,
            seconds: seconds(),
            error: cause?.cause?.message ?? cause?.message ?? String(err),
          });
        }
        console.log(JSON.stringify(outcomes.at(-1)));
      }
    }),
  );
} finally {
  await stack.teardown();
}
const completed = outcomes.filter((o) => o.completed);
const result = {
  benchmark: 'agents-goals',
  measuredAt: new Date().toISOString(),
  topology:
    'one-process stack, both bundled models loaded; default settings (first configured model: smollm2-135m)',
  goals: GOALS.length,
  completed: completed.length,
  completedShare: Math.round((completed.length / GOALS.length) * 100) / 100,
  planFallbacks: completed.filter((o) => o.planFallback).length,
  replanned: completed.filter((o) => o.replanned).length,
  secondsMedian: median(outcomes.map((o) => o.seconds)),
  target: '≥ 90 % of the goals complete',
  meetsTarget: completed.length / GOALS.length >= 0.9,
  outcomes,
};
console.log(JSON.stringify({ ...result, outcomes: undefined }, null, 2));
mkdirSync(fromRoot('bench', 'results'), { recursive: true });
writeFileSync(fromRoot('bench', 'results', 'agents-goals.json'), `${JSON.stringify(result, null, 2)}\n`);
