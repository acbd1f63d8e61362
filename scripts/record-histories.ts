// `npm run histories:record`: runs every workflow type on a private dev server with real
// workers and saves the histories the replay suite checks (test/histories/). Re-record after an
// intended, versioned change to workflow code; never to make a failing replay pass.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { temporalCliPath } from '../config/binaries.js';
import { fromRoot } from '../config/project-root.js';
import { startStack } from '../runtime/stack.js';
import { startOtlpReceiver } from '../telemetry/otlp-receiver.js';
import { WorkflowStreamClient } from '@temporalio/workflow-streams/client';
import {
  approvalDecisionUpdate,
  LIVE_TOPIC,
  pendingApprovalsQuery,
  COLLECTIONS_FOLDER,
  RESEARCH_INDEX_FOLDER,
  streamDrainUpdate,
  streamEventsUpdate,
  WORKFLOW_TYPES,
} from '../workflows/contracts/index.js';
import type {
  LiveEvent,
  DagSpec,
  MapReduceSpec,
  ScatterGatherSpec,
  StreamPipelineInput,
} from '../workflows/contracts/index.js';
import type { WorkflowHandle } from '@temporalio/client';
import { DEFAULT_EMBEDDING_MODEL_NAME } from '../config/app-config.js';
import type { AppConfig } from '../config/app-config.js';
import { PIPELINES } from '../workflows/pipelines/pipeline-registry.js';
import { workflowTypeOf } from '../workflows/pipelines/pipeline-descriptor.js';
import type { ResearchBriefInput } from '../workflows/examples/research-brief-workflow.js';
import type { AgentRunInput } from '../workflows/agent/agent-contract.js';

const OUT = fromRoot('test', 'histories');
const RECORDED_COLLECTION = 'recorded-research';
/** Research indexes embed with the embedding model npm install sets up, as users' runs do. */
const EMBEDDING_MODEL = DEFAULT_EMBEDDING_MODEL_NAME;
const RECORDED_LINES = 'recorded-lines.txt';
const RECORDED_BATCH_INPUT = 'recorded-batch.txt';

interface Scenario {
  name: string;
  type: string;
  /** The workflow's input, or how to make it from the stack's configuration. */
  spec: unknown;
  specFor?: (config: AppConfig) => unknown;
  /** Expect the run to fail (recorded all the same). */
  fails?: boolean;
  /** Drives a long-running run (Updates) until it completes. */
  drive?: (handle: WorkflowHandle) => Promise<void>;
  /**
   * Recorded by a traced worker (RECORD_TRACED=1 records these, and only these): OpenTelemetry's
   * workflow interceptors delay Update completions, so an Update-driven history replays only
   * with the interceptors it ran with.
   */
  traced?: boolean;
}

const delay = (id: string, ms: number) => ({ id, activity: 'util.delay' as const, input: { ms, value: id } });

/** A stream run: two windows cut by size, one by time, a duplicate, then a drain. */
function streamScenario(name: string, traced: boolean): Scenario {
  return {
    name,
    traced,
    type: WORKFLOW_TYPES.streamPipeline,
    spec: {
      name: 'recorded',
      analyzer: { activity: 'llm.classify', params: { model: 'smollm2-135m', labels: ['good', 'bad'] } },
      window: { maxItems: 3, maxWaitMs: 500 },
    } satisfies StreamPipelineInput,
    drive: async (handle) => {
      const texts = ['Great', 'Awful', 'Fine', 'Broken', 'Lovely', 'Slow', 'Quick', 'Great'];
      for (const [i, text] of texts.entries())
        await handle.executeUpdate(streamEventsUpdate, { args: [{ events: [{ id: `e${i % 7}`, text }] }] });
      await new Promise((r) => setTimeout(r, 3_000));
      await handle.executeUpdate(streamDrainUpdate);
    },
  };
}

/**
 * Reads a run's live stream to its end, as the SSE bridge does: polling on after run.finished
 * tells the run this subscriber has everything, and the subscription ends as the run closes.
 */
async function readLive(handle: WorkflowHandle): Promise<void> {
  const client = WorkflowStreamClient.create(stack.env.client, handle.workflowId);
  for await (const _item of client.subscribe<LiveEvent>(LIVE_TOPIC, 0, { resultType: true })) {
    // every event, run.finished included
  }
}

/**
 * The body each registered pipeline is recorded with: small and fast (short answers, few
 * branches), over the recorder's own data. A registered pipeline without one is an error, so a
 * new pipeline cannot go without a recorded history.
 */
const RECORDING_BODIES: Record<string, object> = {
  consensus: {
    question: 'What is 2 + 2?',
    models: ['smollm2-135m', 'gemma3-270m'],
    maxTokens: 12,
    judge: { model: 'smollm2-135m', criteria: 'correct' },
  },
  decision: {
    problem: 'Pick a lunch.',
    options: ['soup', 'salad'],
    strategies: ['cost-benefit'],
    perspectives: ['short-term'],
    model: 'smollm2-135m',
    maxTokens: 64,
  },
  perspectives: {
    text: 'Ada Lovelace wrote the first program in London.',
    analyzers: ['sentiment', 'summary'],
    model: 'smollm2-135m',
  },
  'research/index': { collection: RECORDED_COLLECTION, model: EMBEDDING_MODEL },
  research: {
    question: 'How do I check the health of a NestJS application?',
    collection: RECORDED_COLLECTION,
    model: 'smollm2-135m',
    embedModel: EMBEDDING_MODEL,
    maxSources: 2,
    claimsPerSource: 1,
  },
  reasoning: {
    question: 'What is 2 + 3?',
    chains: 2,
    models: ['smollm2-135m'],
    answerFormat: 'number',
    maxTokens: 32,
  },
  batch: {
    input: { path: RECORDED_BATCH_INPUT, format: 'lines' },
    output: { path: 'recorded-batch.out.jsonl' },
    activity: 'llm.classify',
    params: { model: 'smollm2-135m', labels: ['good', 'bad'] },
    batchSize: 2,
  },
  agents: {
    goal: 'Say why the sky is blue, in two sentences.',
    maxSubtasks: 2,
    maxTokens: 24,
    model: 'smollm2-135m',
  },
};

/**
 * One scenario per registered pipeline, named by its run-id prefix; its input is what the API
 * would start (the body checked by the descriptor's schema, resolved against this stack).
 */
function pipelineScenarios(): Scenario[] {
  return PIPELINES.map((d) => {
    const body = RECORDING_BODIES[d.route];
    if (!body) throw new Error(`pipeline "${d.route}" has no recording body in RECORDING_BODIES`);
    return {
      name: d.idPrefix,
      type: workflowTypeOf(d),
      spec: undefined,
      // Resolved when the stack is up (the descriptor checks models and files against it).
      specFor: (config: AppConfig) => d.resolve(d.body.parse(body), { config }),
    };
  });
}

const scenarios: Scenario[] = [
  { name: 'echo', type: WORKFLOW_TYPES.echo, spec: { message: 'recorded' } },
  {
    name: 'dag-approval-with-edits',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        { id: 'draft', activity: 'util.echo', input: 'a draft' },
        { id: 'other', activity: 'util.delay', input: { ms: 100, value: 'meanwhile' } },
        { id: 'review', dependsOn: ['draft'], approval: { title: 'Check it', details: { $from: 'draft' } } },
        { id: 'publish', activity: 'util.echo', dependsOn: ['review'], input: { $from: 'review.value' } },
      ],
    } satisfies DagSpec,
    drive: async (handle) => {
      while ((await handle.query(pendingApprovalsQuery).catch(() => [])).length === 0)
        await new Promise((r) => setTimeout(r, 100));
      await handle.executeUpdate(approvalDecisionUpdate, {
        args: [{ gate: 'review', approved: true, by: 'recorder', edits: 'an edited draft' }],
      });
    },
  },
  {
    name: 'map-reduce-live-continue-as-new',
    type: WORKFLOW_TYPES.mapReduce,
    spec: {
      source: { type: 'range', start: 0, end: 400 },
      mapper: 'util.echo',
      reducer: 'number.sum',
      batchSize: 50,
      maxConcurrency: 2,
      tree: { batchesPerRun: 3 },
    } satisfies MapReduceSpec,
    drive: readLive,
  },
  {
    name: 'dag-nested-live',
    type: WORKFLOW_TYPES.dag,
    spec: {
      stream: 'events',
      nodes: [
        {
          id: 'inner',
          pattern: 'scatter-gather',
          // Eight staggered tasks: the child publishes again while its last batch of events is
          // still on its way to the root (forwarded one signal at a time).
          spec: {
            tasks: Array.from({ length: 8 }, (_, i) => delay(`t${i}`, 20 + 10 * i)),
            policy: { mode: 'all' },
          },
        },
      ],
    } satisfies DagSpec,
    drive: readLive,
  },
  {
    name: 'scatter-gather-live-tokens',
    type: WORKFLOW_TYPES.scatterGather,
    spec: {
      stream: 'tokens',
      tasks: ['smollm2-135m', 'gemma3-270m'].map((model) => ({
        id: model,
        activity: 'llm.generate',
        input: { model, prompt: 'Name two planets.', maxTokens: 24 },
      })),
      policy: { mode: 'all' },
    } satisfies ScatterGatherSpec,
    drive: readLive,
  },
  {
    name: 'map-reduce-inline',
    type: WORKFLOW_TYPES.mapReduce,
    spec: {
      items: ['a b', 'b c', 'c d', 7],
      mapper: 'text.wordCount',
      reducer: 'counts.merge',
      batchSize: 2,
      onItemFailure: 'skip',
    } satisfies MapReduceSpec,
  },
  {
    // Local reducers, and a lines file cut into batches by bytes (no batchSize).
    name: 'map-reduce-lines-by-bytes',
    type: WORKFLOW_TYPES.mapReduce,
    spec: {
      source: { type: 'lines', path: RECORDED_LINES },
      mapper: 'text.wordCount',
      reducer: 'counts.merge',
    } satisfies MapReduceSpec,
  },
  {
    name: 'dag-local-steps',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        { id: 'a', activity: 'util.echo', input: [1, 2, 3] },
        { id: 'b', activity: 'number.sum', input: { $from: 'a' }, dependsOn: ['a'] },
        { id: 'c', activity: 'text.wordCount', input: 'one remote step', dependsOn: ['b'] },
      ],
    } satisfies DagSpec,
  },
  {
    name: 'map-reduce-continue-as-new',
    type: WORKFLOW_TYPES.mapReduce,
    spec: {
      source: { type: 'range', start: 0, end: 300 },
      mapper: 'util.echo',
      reducer: 'number.sum',
      batchSize: 10,
      maxConcurrency: 4,
      tree: { batchesPerRun: 8 },
    } satisfies MapReduceSpec,
  },
  {
    name: 'map-reduce-tree',
    type: WORKFLOW_TYPES.mapReduce,
    spec: {
      source: { type: 'range', start: 0, end: 200 },
      mapper: 'util.echo',
      reducer: 'list.concat',
      batchSize: 10,
      tree: { leafBatches: 5 },
    } satisfies MapReduceSpec,
  },
  {
    name: 'scatter-gather-first-cancels-losers',
    type: WORKFLOW_TYPES.scatterGather,
    spec: {
      tasks: [delay('slow', 30_000), delay('fast', 100), delay('slower', 30_000)],
      policy: { mode: 'first' },
    } satisfies ScatterGatherSpec,
  },
  {
    name: 'scatter-gather-all-timeout-majority',
    type: WORKFLOW_TYPES.scatterGather,
    spec: {
      tasks: [delay('a', 50), { id: 'b', activity: 'util.echo', input: 'a' }, delay('late', 30_000)],
      policy: { mode: 'all', timeoutMs: 1_000 },
      aggregate: 'majority',
    } satisfies ScatterGatherSpec,
  },
  {
    name: 'scatter-gather-quorum-unreachable',
    type: WORKFLOW_TYPES.scatterGather,
    spec: {
      tasks: [
        { id: 'x', activity: 'util.delay', input: { ms: -1 } },
        { id: 'y', activity: 'util.delay', input: { ms: -1 } },
        delay('z', 30_000),
      ],
      policy: { mode: 'quorum', quorum: 2 },
    } satisfies ScatterGatherSpec,
    fails: true,
  },
  {
    name: 'dag-diamond-refs',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        { id: 'a', activity: 'util.echo', input: { text: 'to be or not to be' } },
        { id: 'b', activity: 'text.wordCount', input: { $from: 'a.text' }, dependsOn: ['a'] },
        {
          id: 'c',
          activity: 'util.delay',
          input: { ms: 20, value: { counts: { extra: 1 } } },
          dependsOn: ['a'],
        },
        { id: 'd', activity: 'counts.merge', input: [{ $from: 'b' }, { $from: 'c' }], dependsOn: ['b', 'c'] },
      ],
    } satisfies DagSpec,
  },
  {
    name: 'dag-continue-after-failure',
    type: WORKFLOW_TYPES.dag,
    spec: {
      onNodeFailure: 'continue',
      nodes: [
        {
          id: 'bad',
          activity: 'util.delay',
          input: { ms: 1, failTimes: 5 },
          retry: { maximumAttempts: 2, initialIntervalMs: 10 },
        },
        { id: 'skipped', activity: 'util.echo', input: { $from: 'bad' }, dependsOn: ['bad'] },
        { id: 'fine', activity: 'util.echo', input: 'ok' },
      ],
    } satisfies DagSpec,
  },
  {
    name: 'dag-nested-scatter-gather',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        {
          id: 'fan',
          pattern: 'scatter-gather',
          spec: { tasks: [delay('p', 10), delay('q', 10)], policy: { mode: 'all' }, aggregate: 'list' },
        },
        {
          id: 'sum',
          activity: 'list.concat',
          input: [{ $from: 'fan.aggregate' }, ['r']],
          dependsOn: ['fan'],
        },
      ],
    } satisfies DagSpec,
  },
  {
    name: 'dag-foreach-template',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        { id: 'topics', activity: 'util.echo', input: { list: ['alpha', 'beta', 'gamma'] } },
        {
          id: 'each',
          forEach: { $from: 'topics.list' },
          activity: 'util.echo',
          input: { $template: 'topic {{$index}}: {{$item}}' },
          dependsOn: ['topics'],
        },
        { id: 'join', activity: 'util.echo', input: { $template: '{{each}}' }, dependsOn: ['each'] },
      ],
    } satisfies DagSpec,
  },
  {
    name: 'dag-foreach-skip-and-nested-map-reduce',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        { id: 'split', activity: 'util.echo', input: { delays: [5, -1, 5], numbers: [1, 2, 3, 4] } },
        {
          id: 'each',
          forEach: { $from: 'split.delays' },
          onItemFailure: 'skip',
          maxConcurrency: 2,
          activity: 'util.delay',
          input: { ms: { $item: '' }, value: { $template: 'waited {{$item}}' } },
          dependsOn: ['split'],
        },
        {
          id: 'sum',
          pattern: 'map-reduce',
          spec: {
            items: { $from: 'split.numbers' },
            mapper: 'util.echo',
            reducer: 'number.sum',
            batchSize: 2,
          },
          dependsOn: ['split'],
        },
      ],
    } satisfies DagSpec,
  },
  {
    name: 'dag-foreach-batched',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        {
          id: 'n',
          activity: 'util.echo',
          input: Array.from({ length: 250 }, (_, i) => (i === 3 ? 3 : `w${i}`)),
        },
        {
          id: 'each',
          forEach: { $from: 'n' },
          onItemFailure: 'skip',
          activity: 'text.wordCount',
          input: { $item: '' },
          dependsOn: ['n'],
        },
      ],
    } satisfies DagSpec,
  },
  {
    name: 'dag-foreach-chunked',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        { id: 'n', activity: 'util.echo', input: Array.from({ length: 250 }, (_, i) => i) },
        {
          id: 'each',
          forEach: { $from: 'n' },
          maxConcurrency: 50,
          activity: 'util.echo',
          input: { $item: '' },
          retry: { maximumAttempts: 2 },
          dependsOn: ['n'],
        },
      ],
    } satisfies DagSpec,
  },
  {
    name: 'scatter-gather-llm-majority-and-synthesize',
    type: WORKFLOW_TYPES.dag,
    spec: {
      nodes: [
        {
          id: 'vote',
          pattern: 'scatter-gather',
          spec: {
            tasks: ['smollm2-135m', 'gemma3-270m'].map((model) => ({
              id: model,
              activity: 'llm.classify',
              input: { model, text: 'I love it!', labels: ['positive', 'negative'] },
            })),
            policy: { mode: 'all' },
            aggregate: { kind: 'majority', field: 'label' },
          },
        },
        {
          id: 'merge',
          pattern: 'scatter-gather',
          spec: {
            tasks: ['red', 'blue'].map((c) => ({
              id: c,
              activity: 'util.echo',
              input: { text: `The sky is ${c}.` },
            })),
            policy: { mode: 'all' },
            aggregate: {
              kind: 'synthesize',
              model: 'smollm2-135m',
              field: 'text',
              instruction: 'Merge.',
              maxTokens: 16,
            },
          },
        },
      ],
    } satisfies DagSpec,
  },
  ...pipelineScenarios(),
  {
    // A real model calls a tool through its grammar; the first call waits for an approval;
    // each step continues as new (the conversation, approvals and live stream carried).
    name: 'agent-tools-approval-continue-as-new',
    type: WORKFLOW_TYPES.agent,
    spec: {
      goal: 'What is 1234 * 5678 + 91? Use the calculator.',
      tools: ['math.evaluate'],
      model: 'gemma3-270m',
      maxSteps: 3,
      approval: { 'math.evaluate': 'first-use' },
      stepsPerRun: 1,
      stream: 'events',
    } satisfies AgentRunInput,
    drive: async (handle) => {
      const id = handle.workflowId;
      const latest = () => stack.env.client.workflow.getHandle(id);
      while (
        (
          await latest()
            .query(pendingApprovalsQuery)
            .catch(() => [])
        ).length === 0
      )
        await new Promise((r) => setTimeout(r, 100));
      const [gate] = await latest().query(pendingApprovalsQuery);
      await latest().executeUpdate(approvalDecisionUpdate, {
        args: [{ gate: gate!.gate, approved: true, by: 'recorder' }],
      });
    },
  },
  { name: 'tool-catalog', type: WORKFLOW_TYPES.toolCatalog, spec: undefined },
  streamScenario('pipeline-stream', false),
  // The same, run by a traced worker.
  streamScenario('pipeline-stream-traced', true),
  {
    name: 'research-brief',
    type: WORKFLOW_TYPES.researchBrief,
    spec: {
      topic: 'the Moon',
      models: ['smollm2-135m', 'gemma3-270m'],
      maxTokens: 24,
    } satisfies ResearchBriefInput,
  },
];

const traced = process.env.RECORD_TRACED === '1';
// A traced recording exports its spans to a receiver that drops them.
const receiver = traced ? await startOtlpReceiver() : undefined;
const stack = await startStack({
  models: ['smollm2-135m', 'gemma3-270m', EMBEDDING_MODEL],
  ...(receiver ? { env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } } : {}),
});
// The research scenario builds its index from scratch: a small collection of real README files.
const collectionDir = join(stack.config.dataDir, COLLECTIONS_FOLDER, RECORDED_COLLECTION);
rmSync(join(stack.config.dataDir, RESEARCH_INDEX_FOLDER, RECORDED_COLLECTION), {
  recursive: true,
  force: true,
});
mkdirSync(collectionDir, { recursive: true });
for (const pkg of ['@nestjs/terminus', '@nestjs/swagger', 'rxjs']) {
  copyFileSync(join('node_modules', pkg, 'README.md'), join(collectionDir, `${pkg.replace('/', '__')}.md`));
}
// 30 000 lines of about 35 bytes: three batches of about 512 KiB.
writeFileSync(
  join(stack.config.dataDir, RECORDED_LINES),
  Array.from({ length: 30_000 }, (_, i) => `line ${i} of the recorded file, ${i % 13}\n`).join(''),
);
writeFileSync(
  join(stack.config.dataDir, RECORDED_BATCH_INPUT),
  'A fine day.\nThe food was cold.\nGreat service!\nNever again.\nIt was fine.\n',
);
try {
  mkdirSync(OUT, { recursive: true });
  const manifest: Array<{
    file: string;
    workflowId: string;
    workflowType: string;
    status: string;
    traced?: true;
  }> = [];
  // RECORD_ONLY=name,name re-records just those (the others' files and manifest entries stay).
  const only =
    process.env.RECORD_ONLY?.split(',') ??
    (traced ? scenarios.filter((x) => x.traced).map((x) => x.name) : undefined);
  for (const s of scenarios.filter((x) => (!only || only.includes(x.name)) && !!x.traced === traced)) {
    const input = s.specFor ? s.specFor(stack.config) : s.spec;
    const handle = await stack.start(s.type, input, `recorded-${s.name}`);
    await s.drive?.(handle);
    await handle.result().then(
      () => {
        if (s.fails) throw new Error(`${s.name} was expected to fail`);
      },
      (err: Error) => {
        if (!s.fails) throw err;
      },
    );
    // Every run: continued-as-new runs and child runs are replayed too.
    const runs = [];
    for await (const wf of stack.env.client.workflow.list({
      query: `WorkflowId STARTS_WITH '${handle.workflowId}'`,
    }))
      runs.push(wf);
    runs.sort((a, b) => a.startTime.getTime() - b.startTime.getTime());
    for (const [i, wf] of runs.entries()) {
      // The CLI's JSON is the format `temporal workflow show` users already have for replay.
      const json = execFileSync(
        temporalCliPath(),
        [
          'workflow',
          'show',
          '--address',
          stack.env.address,
          '--workflow-id',
          wf.workflowId,
          '--run-id',
          wf.runId,
          '--output',
          'json',
        ],
        { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
      );
      const file = `${s.name}${runs.length > 1 ? `.${i}` : ''}.json`;
      writeFileSync(join(OUT, file), json);
      manifest.push({
        file,
        workflowId: wf.workflowId,
        workflowType: wf.type,
        status: wf.status.name,
        ...(s.traced ? { traced: true as const } : {}),
      });
    }
    console.log(`recorded ${s.name}: ${runs.length} run(s)`);
  }
  // Entries of scenarios not re-recorded are kept, in scenario order.
  const previous = only
    ? (JSON.parse(readFileSync(join(OUT, 'manifest.json'), 'utf8')) as typeof manifest).filter(
        (e) => !only.some((name) => e.file === `${name}.json` || e.file.startsWith(`${name}.`)),
      )
    : [];
  const order = (file: string) =>
    scenarios.findIndex((x) => file === `${x.name}.json` || file.startsWith(`${x.name}.`));
  const merged = [...previous, ...manifest].sort((a, b) => order(a.file) - order(b.file));
  writeFileSync(join(OUT, 'manifest.json'), `${JSON.stringify(merged, null, 2)}\n`);
} finally {
  await stack.teardown();
  await receiver?.close();
}
