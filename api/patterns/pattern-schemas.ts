// The pattern request bodies as zod schemas: the API checks every body against them (their
// structure: fields, types, ranges) and generates the OpenAPI document from them. What a schema
// cannot say (dependsOn names a node, no cycles, markers name dependencies, known models, sizes)
// the shared validator in workflows/contracts checks, in the API and again in the workflow; and
// the types it accepts are checked against the workflow input types at compile time below.
import { z } from 'zod';
import {
  ACTIVITY_REGISTRY,
  DEFAULTS,
  LIMITS,
  RANGES,
  SPEC_ID,
  FIELD_PATH,
  ITEM_FIELD,
  APPROVAL_TIMEOUT_ACTIONS,
  LIVE_MODES,
  REDUCER_NAMES,
} from '../../workflows/contracts/index.js';
import type { DagSpec, MapReduceSpec, ScatterGatherSpec } from '../../workflows/contracts/index.js';
import { dataPathString } from '../common/input-rules.js';

const activityNames = Object.keys(ACTIVITY_REGISTRY) as [string, ...string[]];
const reducerNames = REDUCER_NAMES as [string, ...string[]];
const int = (min: number, max: number) => z.int().min(min).max(max);
const ranged = ([min, max]: readonly [number, number]) => int(min, max);
const ID = SPEC_ID;

const anyJson = z
  .unknown()
  .describe(
    'Any JSON. Markers take data from upstream nodes: {"$from": "node.path"}, {"$template": "text {{node.path}}"}, {"$item": "path"} with {{$index}} inside forEach, {"$literal": value}.',
  );

const retry = z
  .strictObject({
    maximumAttempts: ranged(RANGES.retryAttempts).optional(),
    initialIntervalMs: ranged(RANGES.retryIntervalMs).optional(),
    backoffCoefficient: z.number().min(RANGES.retryBackoff[0]).max(RANGES.retryBackoff[1]).optional(),
    maximumIntervalMs: ranged(RANGES.retryIntervalMs).optional(),
  })
  .describe("Overrides of the activity's retry policy");

const timeoutMs = int(1, LIMITS.timeoutMs).describe('Start-to-close timeout of each attempt (ms)');

const liveMode = z
  .enum(LIVE_MODES)
  .optional()
  .describe(
    'Live events at GET /workflows/{id}/events: "events" (default) the steps of every branch; "tokens" also the text of every model call as it is generated',
  );

const patternKind = z.enum(['map-reduce', 'scatter-gather', 'dag']);
// A nested spec is described as an object here; the shared validator checks it as the pattern it
// names (recursively, with paths), so the schema stays flat for OpenAPI tools and fuzzers.
const nestedSpec = z
  .record(z.string(), z.unknown())
  .describe(
    'The spec of the named pattern, as its own endpoint takes it; run as a child workflow',
  ) as unknown as z.ZodType<MapReduceSpec | ScatterGatherSpec | DagSpec>;

// ---------------------------------------------------------------- map-reduce

const source = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('range'),
    start: z.int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
    end: z.int().min(Number.MIN_SAFE_INTEGER).max(Number.MAX_SAFE_INTEGER),
  }),
  z.strictObject({
    type: z.literal('lines'),
    path: dataPathString('A file under DATA_DIR'),
    format: z.enum(['text', 'jsonl']).optional(),
  }),
]);

const mapper = z.union([
  z.enum(activityNames),
  z.strictObject({
    activity: z.enum(activityNames),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Merged into the input, the item under itemField'),
    itemField: z.string().regex(ITEM_FIELD).optional(),
    input: anyJson
      .optional()
      .describe('The input built per item with $item / {{$index}} markers (instead of params)'),
  }),
]);

const reducer = z.union([
  z.enum(reducerNames),
  z.strictObject({
    activity: z.enum(reducerNames),
    params: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('For llm.synthesize: { model, instruction, maxTokens? }'),
  }),
]);

const mapReduceCommon = {
  mapper,
  reducer,
  batchSize: int(1, LIMITS.batchSize)
    .optional()
    .describe(
      `Items per batch activity (default ${DEFAULTS.batchSize}; a "lines" file mapped by a CPU activity: about 512 KiB of lines a batch)`,
    ),
  maxConcurrency: int(1, LIMITS.maxConcurrency).optional(),
  onItemFailure: z.enum(['fail', 'skip']).optional(),
  maxFailures: z.int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  tree: z
    .strictObject({
      leafBatches: ranged(RANGES.treeLeafBatches).optional(),
      batchesPerRun: ranged(RANGES.treeBatchesPerRun).optional(),
      fanout: ranged(RANGES.treeFanout).optional(),
    })
    .optional(),
};

export const mapReduceBodySchema = z
  .union([
    z.strictObject({
      items: z.array(z.unknown()).max(LIMITS.inlineItems).describe('Inline items'),
      ...mapReduceCommon,
    }),
    z.strictObject({ source: source.describe('Items by reference'), ...mapReduceCommon }),
  ])
  .describe('A map-reduce: { items | source, mapper, reducer, ... }');

// ---------------------------------------------------------------- scatter-gather

const activityTask = {
  activity: z.enum(activityNames),
  input: anyJson.optional(),
  retry: retry.optional(),
  timeoutMs: timeoutMs.optional(),
};
const patternTask = { pattern: patternKind, spec: nestedSpec };

const scatterTask = z.union([
  z.strictObject({ id: z.string().regex(ID).optional(), ...activityTask }),
  z.strictObject({ id: z.string().regex(ID).optional(), ...patternTask }),
]);

const field = z.string().regex(FIELD_PATH).optional().describe('Dot path picked from each output first');

const aggregate = z.union([
  z.enum(['list', 'majority']),
  z.strictObject({ kind: z.enum(['list', 'majority']), field }),
  z.strictObject({ kind: z.literal('consensus'), model: z.string().min(1), field }),
  z.strictObject({ kind: z.literal('judge'), model: z.string().min(1), criteria: z.string().min(1), field }),
  z.strictObject({
    kind: z.literal('synthesize'),
    model: z.string().min(1),
    instruction: z.string().min(1),
    field,
    maxTokens: ranged(RANGES.aggregateMaxTokens).optional(),
  }),
]);

const gatherTimeout = timeoutMs.optional().describe('Overall deadline of the gathering');

export const scatterGatherBodySchema = z
  .strictObject({
    tasks: z.array(scatterTask).min(1).max(LIMITS.scatterTasks),
    policy: z.discriminatedUnion('mode', [
      z.strictObject({ mode: z.enum(['all', 'first']), timeoutMs: gatherTimeout }),
      z.strictObject({
        mode: z.literal('quorum'),
        quorum: int(1, LIMITS.scatterTasks).describe('Successes needed, at most the number of tasks'),
        timeoutMs: gatherTimeout,
      }),
    ]),
    aggregate: aggregate.optional(),
    stream: liveMode,
  })
  .describe('A scatter-gather: { tasks, policy, aggregate? }');

// ---------------------------------------------------------------- DAG

const nodeCommon = {
  id: z.string().regex(ID),
  dependsOn: z.array(z.string().regex(ID)).max(LIMITS.dagNodes).optional(),
  forEach: anyJson
    .optional()
    .describe('{"$from": "node.path"} naming an array (or an array): one run per element'),
  maxConcurrency: int(1, LIMITS.maxConcurrency).optional().describe('Elements at once (forEach only)'),
  onItemFailure: z.enum(['fail', 'skip']).optional().describe('forEach only'),
};

const approvalNode = z.strictObject({
  id: nodeCommon.id,
  dependsOn: nodeCommon.dependsOn,
  approval: z
    .strictObject({
      title: z.string().min(RANGES.approvalTitleChars[0]).max(RANGES.approvalTitleChars[1]),
      details: anyJson.optional().describe('What the person reviews (markers take upstream outputs)'),
      timeoutMs: ranged(RANGES.approvalTimeoutMs).optional(),
      onTimeout: z
        .enum(APPROVAL_TIMEOUT_ACTIONS)
        .optional()
        .describe('What a timeout decides (default "fail"); needs timeoutMs'),
    })
    .describe(
      'Waits for a person: POST /workflows/{id}/approvals/{nodeId}. Output { approved, by, comment?, edits?, decidedAt, value } (value: the edits when given, else the details); a rejection fails the node',
    ),
});

const dagNode = z.union([
  z.strictObject({ ...nodeCommon, ...activityTask }),
  z.strictObject({ ...nodeCommon, ...patternTask }),
  approvalNode,
]);

export const dagBodySchema = z
  .strictObject({
    nodes: z.array(dagNode).min(1).max(LIMITS.dagNodes),
    maxConcurrency: int(1, LIMITS.maxConcurrency).optional(),
    onNodeFailure: z.enum(['fail', 'continue']).optional(),
    stream: liveMode,
  })
  .describe('A dependency graph: { nodes, maxConcurrency?, onNodeFailure? }');

export const PATTERN_BODY_SCHEMAS = {
  'map-reduce': mapReduceBodySchema,
  'scatter-gather': scatterGatherBodySchema,
  dag: dagBodySchema,
} as const;

// What the schemas accept is what the workflows take (a compile-time check, nothing at run time).
type Accepts<Body, Spec> = Body extends Spec ? true : never;
const _bodiesAreSpecs: [
  Accepts<z.infer<typeof mapReduceBodySchema>, MapReduceSpec>,
  Accepts<z.infer<typeof scatterGatherBodySchema>, ScatterGatherSpec>,
  Accepts<z.infer<typeof dagBodySchema>, DagSpec>,
] = [true, true, true];
