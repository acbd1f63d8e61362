// The pattern specs — map-reduce, scatter-gather, DAG — as one zod schema each: the types the
// workflows take (z.infer), what the API and the client admit (with every problem's exact path),
// and the OpenAPI document. A nested pattern is the same schema, recursively. Graph rules
// (dependsOn names a node, no cycles, markers name what their place can see) are refinements.
// What the deployment decides (its models, its batch cap) comes in an AdmissionContext.
//
// Never imported as a value by workflow code (lint enforces it): the workflows check only the
// execution invariants (execution-invariants.ts), so admission can change without touching replay.
import { z } from 'zod';
import { ACTIVITY_REGISTRY, isActivityName, REDUCER_NAMES } from '../activity-registry.js';
import type { ActivityName } from '../activity-registry.js';
import { APPROVAL_TIMEOUT_ACTIONS } from '../approvals.js';
import { dataPathString } from '../input-rules.js';
import { LIVE_MODES } from '../live.js';
import { EXECUTION_INVARIANTS } from './execution-invariants.js';
import { depthBeyond, isObject, jsonBytes } from './json-shape.js';
import { DEFAULTS, FIELD_PATH, ITEM_FIELD, LIMITS, RANGES, SPEC_ID } from './limits.js';
import { asMarker } from './markers.js';
import { batchCount, knownBatches, markerScopeProblems, nestingProblems } from './spec-walk.js';
import type { PatternKind } from './spec-walk.js';
import type { PathSegment, SpecProblem } from './spec-path.js';
import { describeZodIssues, REPORT_INPUT } from '../zod-issues.js';

/** What the deployment adds to the rules: the models it serves, the batches one request may make. */
export interface AdmissionContext {
  /** When given, llm.* inputs and aggregates naming another model are refused. */
  knownModels?: readonly string[];
  /** Embedding-only models: accepted by llm.embed, llm.consensus and research.embedShard alone. */
  embeddingModels?: readonly string[];
  /** Most map-reduce batches one request may create (default LIMITS.batches). */
  maxBatches?: number;
}

/** The problem with a model name the deployment does not serve, or undefined. */
export function unknownModel(model: string, known: readonly string[]): string | undefined {
  return known.includes(model) ? undefined : `unknown model "${model}" (configured: ${known.join(', ')})`;
}

/** Activities an embedding-only model serves (it never generates). */
export const EMBEDDING_ACTIVITY_NAMES: readonly string[] = [
  'llm.embed',
  'llm.consensus',
  'research.embedShard',
];

/**
 * The problem with a model for a use: `embeds` uses (llm.embed, consensus, indexes) take chat and
 * embedding models; the others chat models only, and an embedding model named there is said so.
 */
export function modelForUse(
  model: string,
  chat: readonly string[],
  embedding: readonly string[],
  embeds: boolean,
): string | undefined {
  if (embedding.includes(model))
    return embeds
      ? undefined
      : `"${model}" is an embedding model; this needs a chat model (configured: ${chat.join(', ')})`;
  return unknownModel(model, embeds ? [...chat, ...embedding] : chat);
}

// ---------------------------------------------------------------- field helpers

const intIn = (min: number, max: number) => {
  const error = `must be an integer from ${min} to ${max}`;
  return z.int({ error }).min(min, { error }).max(max, { error });
};
const ranged = ([min, max]: readonly [number, number]) => intIn(min, max);
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((v) => `"${v}"`).join(', ')}` });
const text = () =>
  z.string({ error: 'must be a non-empty string' }).min(1, { error: 'must be a non-empty string' });
const matching = (pattern: RegExp) => z.string().regex(pattern, { error: `must match ${String(pattern)}` });

const activityNames = Object.keys(ACTIVITY_REGISTRY) as [ActivityName, ...ActivityName[]];
const reducerNames = REDUCER_NAMES as [string, ...string[]];
const activityName = z.enum(activityNames, {
  error: (issue) =>
    issue.input === undefined ? 'is required' : `unknown activity ${JSON.stringify(issue.input)}`,
});
const reducerName = z.enum(reducerNames, {
  error: `must be a reducer activity: ${REDUCER_NAMES.join(', ')}`,
});

const anyJson = z
  .unknown()
  .describe(
    'Any JSON. Markers take data from upstream nodes: {"$from": "node.path"}, {"$template": "text {{node.path}}"}, {"$item": "path"} with {{$index}} inside forEach, {"$literal": value}.',
  );
const fromMarker = z
  .strictObject({ $from: z.string() })
  .describe('An upstream output: {"$from": "node.path"}');

const retry = z
  .strictObject({
    maximumAttempts: ranged(RANGES.retryAttempts).optional(),
    initialIntervalMs: ranged(RANGES.retryIntervalMs).optional(),
    backoffCoefficient: z
      .number({ error: `must be a number from ${RANGES.retryBackoff[0]} to ${RANGES.retryBackoff[1]}` })
      .min(RANGES.retryBackoff[0], {
        error: `must be a number from ${RANGES.retryBackoff[0]} to ${RANGES.retryBackoff[1]}`,
      })
      .max(RANGES.retryBackoff[1], {
        error: `must be a number from ${RANGES.retryBackoff[0]} to ${RANGES.retryBackoff[1]}`,
      })
      .optional(),
    maximumIntervalMs: ranged(RANGES.retryIntervalMs).optional(),
  })
  .describe("Overrides of the activity's retry policy");

const timeoutMs = intIn(1, LIMITS.timeoutMs).describe('Start-to-close timeout of each attempt (ms)');
const onItemFailure = oneOf(['fail', 'skip']);
const liveMode = oneOf(LIVE_MODES)
  .optional()
  .describe(
    'Live events at GET /workflows/{id}/events: "events" (default) the steps of every branch; "tokens" also the text of every model call as it is generated',
  );
const specId = matching(SPEC_ID);

type Refinement = z.core.$RefinementCtx;

/**
 * For refinements that should report beside the other problems of a body, as one 400 (zod runs a
 * refinement only on a value without other issues unless told): they must read the value defensively.
 */
const ALWAYS = { when: () => true };

function addProblems(ctx: Refinement, problems: readonly SpecProblem[], at: PathSegment[] = []): void {
  for (const p of problems) ctx.addIssue({ code: 'custom', path: [...at, ...p.path], message: p.message });
}

// ---------------------------------------------------------------- the schemas

/** Builds the three spec schemas for one deployment's context (cached by the callers). */
function buildSpecSchemas(admission: AdmissionContext) {
  /** A model's problem for a use, when the deployment says which models it serves. */
  const servedProblem = (model: string, embeds: boolean): string | undefined =>
    admission.knownModels &&
    modelForUse(model, admission.knownModels, admission.embeddingModels ?? [], embeds);
  /** A model named in a literal llm.* input: a string, and one the deployment serves when it says. */
  const modelProblem = (model: unknown, embeds: boolean): string | undefined => {
    if (asMarker(model)) return undefined; // resolved at run time
    if (typeof model !== 'string' || model.length === 0)
      return model === undefined ? 'is required' : 'must be a non-empty string';
    return servedProblem(model, embeds);
  };
  /** A model an aggregate names: `embeds` for consensus (it embeds), a chat model for the others. */
  const aggregateModel = (embeds: boolean) =>
    text().superRefine((model, ctx) => {
      const problem = servedProblem(model, embeds);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
  /** An llm.* activity takes its model in its input (unless a marker builds the whole input). */
  const llmInputProblems = (activity: string, input: unknown, at: PathSegment[]): SpecProblem[] => {
    if (!isActivityName(activity) || ACTIVITY_REGISTRY[activity].queue !== 'llm' || asMarker(input))
      return [];
    if (!isObject(input))
      return [
        { path: at, message: `must be an object with a "model" field (${activity} runs on a model's queue)` },
      ];
    const problem = modelProblem(input.model, EMBEDDING_ACTIVITY_NAMES.includes(activity));
    return problem ? [{ path: [...at, 'model'], message: problem }] : [];
  };

  // -------------------------------------------------------------- tasks (shared)

  const activityBody = {
    activity: activityName,
    input: anyJson.optional(),
    retry: retry.optional(),
    timeoutMs: timeoutMs.optional(),
  };
  const checkActivityTask = (task: { activity: string; input?: unknown }, ctx: Refinement) =>
    addProblems(ctx, llmInputProblems(task.activity, task.input, ['input']));

  /** `{ pattern, spec }` with the spec checked as the pattern it names (a child run). */
  const nestedPatterns = <Shape extends z.core.$ZodShape>(common: Shape) =>
    z.discriminatedUnion('pattern', [
      z.strictObject({
        ...common,
        pattern: z.literal('map-reduce'),
        get spec() {
          return mapReduce;
        },
      }),
      z.strictObject({
        ...common,
        pattern: z.literal('scatter-gather'),
        get spec() {
          return scatterGather;
        },
      }),
      z.strictObject({
        ...common,
        pattern: z.literal('dag'),
        get spec() {
          return dag;
        },
      }),
    ]);

  // -------------------------------------------------------------- map-reduce

  const source = z.discriminatedUnion('type', [
    z
      .strictObject({
        type: z.literal('range'),
        start: intIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
        end: intIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
      })
      .superRefine((range, ctx) => {
        const count = range.end - range.start;
        if (count < 0)
          ctx.addIssue({ code: 'custom', path: ['end'], message: 'must not be less than start' });
        if (count > LIMITS.rangeItems)
          ctx.addIssue({ code: 'custom', message: `covers more than ${LIMITS.rangeItems} items` });
      }),
    z.strictObject({
      type: z.literal('lines'),
      path: dataPathString('A file under DATA_DIR').refine(
        (p) => !p.startsWith('/') && !p.split(/[\\/]/).includes('..'),
        'must be a relative path inside the data folder (no "..", not absolute)',
      ),
      format: oneOf(['text', 'jsonl']).optional(),
    }),
  ]);

  const mapper = z.union([
    activityName,
    z.strictObject({
      activity: activityName,
      params: z
        .record(z.string(), z.unknown(), { error: 'must be an object' })
        .optional()
        .describe('Merged into the input, the item under itemField'),
      itemField: matching(ITEM_FIELD).optional(),
      input: anyJson
        .optional()
        .describe('The input built per item with $item / {{$index}} markers (instead of params)'),
    }),
  ]);

  const reducer = z.union([
    reducerName,
    z.strictObject({
      activity: reducerName,
      params: z
        .record(z.string(), z.unknown(), { error: 'must be an object' })
        .optional()
        .describe('For llm.synthesize: { model, instruction, maxTokens? }'),
    }),
  ]);

  const mapReduce = z
    .strictObject({
      items: z
        .union([z.array(z.unknown()), fromMarker])
        .optional()
        .describe('Inline items (in a nested spec also {"$from": "node.path"})'),
      source: source.optional().describe('Items by reference'),
      mapper,
      reducer,
      batchSize: intIn(1, LIMITS.batchSize)
        .optional()
        .describe(
          `Items per batch activity (default ${DEFAULTS.batchSize}; a "lines" file mapped by a CPU activity: about ${DEFAULTS.cpuBatchBytes / 1024} KiB of lines a batch)`,
        ),
      maxConcurrency: intIn(1, LIMITS.maxConcurrency).optional(),
      onItemFailure: onItemFailure.optional(),
      maxFailures: intIn(0, Number.MAX_SAFE_INTEGER).optional(),
      tree: z
        .strictObject({
          leafBatches: ranged(RANGES.treeLeafBatches).optional(),
          batchesPerRun: ranged(RANGES.treeBatchesPerRun).optional(),
          fanout: ranged(RANGES.treeFanout).optional(),
        })
        .optional()
        .describe('Tuning of the run tree (the defaults suit most inputs)'),
    })
    .superRefine((spec, ctx) => {
      addProblems(
        ctx,
        EXECUTION_INVARIANTS['has-work'].problems(spec, 'map-reduce').filter((p) => p.path.length === 0),
      );
      if (Array.isArray(spec.items) && spec.items.length > LIMITS.inlineItems)
        ctx.addIssue({
          code: 'custom',
          path: ['items'],
          message: `has more than ${LIMITS.inlineItems} items: pass large inputs by reference with "source"`,
        });
      const m = spec.mapper;
      if (typeof m === 'string') addProblems(ctx, llmInputProblems(m, undefined, ['mapper', 'params']));
      else if (m.input !== undefined) {
        if (m.params !== undefined || m.itemField !== undefined)
          ctx.addIssue({
            code: 'custom',
            path: ['mapper'],
            message: '"input" replaces "params" and "itemField": give one or the other',
          });
        addProblems(ctx, llmInputProblems(m.activity, m.input, ['mapper', 'input']));
      } else addProblems(ctx, llmInputProblems(m.activity, m.params, ['mapper', 'params']));
      addProblems(ctx, reducerProblems(spec.reducer));
      const maxBatches = admission.maxBatches ?? LIMITS.batches;
      const { items, batchSize, batches } = batchCount(spec);
      if (batches > maxBatches) {
        const least = Math.ceil(items / maxBatches);
        ctx.addIssue({
          code: 'custom',
          path: ['batchSize'],
          message:
            `${items} items in batches of ${batchSize} make ${batches} batches, more than the ${maxBatches} one request may create: ` +
            (least <= LIMITS.batchSize
              ? `use a batchSize of at least ${least}`
              : `split the input into requests of at most ${maxBatches * LIMITS.batchSize} items`),
        });
      }
    })
    .describe('A map-reduce: { items | source, mapper, reducer, ... }');

  function reducerProblems(r: z.infer<typeof reducer>): SpecProblem[] {
    if (typeof r === 'string') {
      return ACTIVITY_REGISTRY[r as ActivityName].queue === 'llm'
        ? [
            {
              path: ['reducer'],
              message: `"${r}" needs params: { "activity": "${r}", "params": { "model", ... } }`,
            },
          ]
        : [];
    }
    if (ACTIVITY_REGISTRY[r.activity as ActivityName].queue !== 'llm')
      return r.params === undefined
        ? []
        : [{ path: ['reducer', 'params'], message: `"${r.activity}" takes no params` }];
    if (!isObject(r.params))
      return [{ path: ['reducer', 'params'], message: 'must be an object with "model" (and "instruction")' }];
    const out = llmInputProblems(r.activity, r.params, ['reducer', 'params']);
    const instruction = r.params.instruction;
    if (r.activity === 'llm.synthesize' && (typeof instruction !== 'string' || instruction.length === 0))
      out.push({
        path: ['reducer', 'params', 'instruction'],
        message: instruction === undefined ? 'is required' : 'must be a non-empty string',
      });
    return out;
  }

  // -------------------------------------------------------------- scatter-gather

  const scatterTask = z.union([
    z.strictObject({ id: specId.optional(), ...activityBody }).superRefine(checkActivityTask),
    nestedPatterns({ id: specId.optional() }),
  ]);

  const field = matching(FIELD_PATH).optional().describe('Dot path picked from each output first');
  const aggregate = z.union([
    oneOf(['list', 'majority']),
    z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('list'), field }),
      z.strictObject({ kind: z.literal('majority'), field }),
      z.strictObject({ kind: z.literal('consensus'), model: aggregateModel(true), field }),
      z.strictObject({ kind: z.literal('judge'), model: aggregateModel(false), criteria: text(), field }),
      z.strictObject({
        kind: z.literal('synthesize'),
        model: aggregateModel(false),
        instruction: text(),
        field,
        maxTokens: ranged(RANGES.aggregateMaxTokens).optional(),
      }),
    ]),
  ]);

  const gatherTimeout = timeoutMs.optional().describe('Overall deadline of the gathering');
  const scatterGather = z
    .strictObject({
      tasks: z
        .array(scatterTask, { error: 'must be a non-empty array' })
        .min(1, { error: 'must be a non-empty array' })
        .max(LIMITS.scatterTasks, { error: `has more than ${LIMITS.scatterTasks} tasks` }),
      policy: z.discriminatedUnion('mode', [
        z.strictObject({ mode: z.enum(['all', 'first']), timeoutMs: gatherTimeout }),
        z.strictObject({
          mode: z.literal('quorum'),
          quorum: intIn(1, LIMITS.scatterTasks).describe('Successes needed, at most the number of tasks'),
          timeoutMs: gatherTimeout,
        }),
      ]),
      aggregate: aggregate.optional(),
      stream: liveMode,
    })
    .superRefine((spec: unknown, ctx) => {
      if (!isObject(spec)) return; // reported as such
      addProblems(ctx, EXECUTION_INVARIANTS['unique-ids'].problems(spec, 'scatter-gather'));
      if (isObject(spec.policy)) addProblems(ctx, EXECUTION_INVARIANTS['quorum-reachable'].problems(spec));
    }, ALWAYS)
    .describe('A scatter-gather: { tasks, policy, aggregate? }');

  // -------------------------------------------------------------- DAG

  const nodeCommon = {
    id: specId,
    dependsOn: z.array(specId, { error: 'must be an array of node ids' }).max(LIMITS.dagNodes).optional(),
  };
  const forEachOptions = {
    forEach: z
      .union([z.array(z.unknown()), fromMarker], {
        error: 'must be an array or { "$from": "<node>.<path>" } naming an array output',
      })
      .optional()
      .describe('{"$from": "node.path"} naming an array (or an array): one run per element'),
    maxConcurrency: intIn(1, LIMITS.maxConcurrency).optional().describe('Elements at once (forEach only)'),
    onItemFailure: onItemFailure.optional().describe('forEach only'),
  };
  /** forEach's options only with a forEach; a literal list within its limit. */
  const forEachProblems = (node: { forEach?: unknown; maxConcurrency?: number; onItemFailure?: string }) => {
    const out: SpecProblem[] = [];
    if (node.forEach === undefined && (node.maxConcurrency !== undefined || node.onItemFailure !== undefined))
      out.push({
        path: [],
        message: '"maxConcurrency" and "onItemFailure" apply only to a node with "forEach"',
      });
    if (Array.isArray(node.forEach) && node.forEach.length > LIMITS.forEachItems)
      out.push({ path: ['forEach'], message: `has more than ${LIMITS.forEachItems} elements` });
    return out;
  };

  const approvalNode = z.strictObject({
    ...nodeCommon,
    approval: z
      .strictObject({
        title: z
          .string()
          .min(RANGES.approvalTitleChars[0], {
            error: `must be ${RANGES.approvalTitleChars.join(' to ')} characters`,
          })
          .max(RANGES.approvalTitleChars[1], {
            error: `must be ${RANGES.approvalTitleChars.join(' to ')} characters`,
          }),
        details: anyJson.optional().describe('What the person reviews (markers take upstream outputs)'),
        timeoutMs: ranged(RANGES.approvalTimeoutMs).optional(),
        onTimeout: oneOf(APPROVAL_TIMEOUT_ACTIONS)
          .optional()
          .describe('What a timeout decides (default "fail"); needs timeoutMs'),
      })
      .superRefine((a, ctx) => {
        if (a.onTimeout !== undefined && a.timeoutMs === undefined)
          ctx.addIssue({ code: 'custom', path: ['onTimeout'], message: 'needs approval.timeoutMs' });
      })
      .describe(
        'Waits for a person: POST /workflows/{id}/approvals/{nodeId}. Output { approved, by, comment?, edits?, decidedAt, value } (value: the edits when given, else the details); a rejection fails the node',
      ),
  });

  const dagNode = z.union([
    z.strictObject({ ...nodeCommon, ...forEachOptions, ...activityBody }).superRefine(checkActivityTask),
    nestedPatterns({ ...nodeCommon, ...forEachOptions }),
    approvalNode,
  ]);

  const dag = z
    .strictObject({
      nodes: z
        .array(dagNode, { error: 'must be a non-empty array' })
        .min(1, { error: 'must be a non-empty array' })
        .max(LIMITS.dagNodes, { error: `has more than ${LIMITS.dagNodes} nodes` }),
      maxConcurrency: intIn(1, LIMITS.maxConcurrency).optional(),
      onNodeFailure: oneOf(['fail', 'continue']).optional(),
      stream: liveMode,
    })
    .superRefine((spec: unknown, ctx) => {
      if (!isObject(spec)) return; // reported as such
      const graph = [
        ...EXECUTION_INVARIANTS['unique-ids'].problems(spec, 'dag'),
        ...EXECUTION_INVARIANTS['known-dependencies'].problems(spec),
      ];
      addProblems(ctx, graph);
      if (Array.isArray(spec.nodes))
        spec.nodes.forEach((node: unknown, i) => {
          if (isObject(node) && node.approval === undefined)
            addProblems(ctx, forEachProblems(node), ['nodes', i]);
        });
      // A cycle is named once every dependency is known to be a node.
      if (graph.length === 0) addProblems(ctx, EXECUTION_INVARIANTS.acyclic.problems(spec));
    }, ALWAYS)
    .describe('A dependency graph: { nodes, maxConcurrency?, onNodeFailure? }');

  return { mapReduce, scatterGather, dag };
}

type SpecSchemas = ReturnType<typeof buildSpecSchemas>;

/** What only the whole request can say: nesting, and markers against their scopes. */
function wholeSpecScopes(kind: PatternKind) {
  return (spec: unknown, ctx: Refinement) => {
    addProblems(ctx, nestingProblems(kind, spec));
    addProblems(ctx, markerScopeProblems(kind, spec));
  };
}

/** And once it is otherwise admitted: the batches of all its map-reduces together, and its size. */
function wholeSpecSizes(kind: PatternKind, admission: AdmissionContext) {
  return (spec: unknown, ctx: Refinement) => {
    const batches = knownBatches(kind, spec);
    const max = admission.maxBatches ?? LIMITS.batches;
    if (kind !== 'map-reduce' && batches > max)
      ctx.addIssue({
        code: 'custom',
        message: `its map-reduces make ${batches} batches in all, more than the ${max} one request may create`,
      });
    // Inline map-reduce items have their own limit; everything else counts against the spec's.
    const rest = kind === 'map-reduce' && isObject(spec) ? { ...spec, items: undefined } : spec;
    if (jsonBytes(rest) > LIMITS.specBytes)
      ctx.addIssue({ code: 'custom', message: `is larger than ${LIMITS.specBytes} bytes of JSON` });
  };
}

function buildRootSchemas(admission: AdmissionContext) {
  const s = buildSpecSchemas(admission);
  return {
    'map-reduce': s.mapReduce
      .superRefine(wholeSpecScopes('map-reduce'), ALWAYS)
      .superRefine(wholeSpecSizes('map-reduce', admission)),
    'scatter-gather': s.scatterGather
      .superRefine(wholeSpecScopes('scatter-gather'), ALWAYS)
      .superRefine(wholeSpecSizes('scatter-gather', admission)),
    dag: s.dag.superRefine(wholeSpecScopes('dag'), ALWAYS).superRefine(wholeSpecSizes('dag', admission)),
  };
}

type RootSchemas = ReturnType<typeof buildRootSchemas>;
const cache = new Map<string, RootSchemas>();

/** The request-body schemas of the three patterns for a deployment (built once per context). */
export function patternSpecSchemas(admission: AdmissionContext = {}): RootSchemas {
  const key = JSON.stringify([
    admission.knownModels ?? null,
    admission.embeddingModels ?? null,
    admission.maxBatches ?? null,
  ]);
  let schemas = cache.get(key);
  if (!schemas) {
    schemas = buildRootSchemas(admission);
    if (cache.size >= 4) cache.clear(); // a deployment has one context
    cache.set(key, schemas);
  }
  return schemas;
}

/** Every problem of a spec as "path: message" lines (empty when it is admitted). */
export function specProblems(
  kind: PatternKind,
  spec: unknown,
  admission: AdmissionContext = {},
  root = 'body',
): string[] {
  // First, and without recursion: the schema recurses into nested specs.
  const tooDeep = depthBeyond(spec, LIMITS.jsonDepth, root);
  if (tooDeep !== undefined) return [`${tooDeep}: is nested deeper than ${LIMITS.jsonDepth} levels`];
  const parsed = patternSpecSchemas(admission)[kind].safeParse(spec, REPORT_INPUT);
  return parsed.success ? [] : describeZodIssues(parsed.error, root);
}

export type MapReduceSpec = z.infer<SpecSchemas['mapReduce']>;
export type ScatterGatherSpec = z.infer<SpecSchemas['scatterGather']>;
export type DagSpec = z.infer<SpecSchemas['dag']>;
export type PatternSpec = MapReduceSpec | ScatterGatherSpec | DagSpec;

// The parts of a spec that workflow code names (all derived: the schema is the one definition).
export type ScatterTask = ScatterGatherSpec['tasks'][number];
export type ActivityTask = Extract<ScatterTask, { activity: unknown }>;
/** A whole pattern run as a child workflow (fork-join inside fork-join). */
export type NestedPatternTask = Omit<Extract<ScatterTask, { pattern: unknown }>, 'id'>;
/** Per-task overrides of the activity's registry defaults. */
export type TaskOptions = Pick<ActivityTask, 'retry' | 'timeoutMs'>;
/** One activity call by registry name, or a nested pattern. */
export type TaskBody = Omit<ActivityTask, 'id' | 'retry' | 'timeoutMs'> | NestedPatternTask;
export type ScatterGatherPolicy = ScatterGatherSpec['policy'];
export type AggregateSpec = NonNullable<ScatterGatherSpec['aggregate']>;
export type AggregateKind = Exclude<AggregateSpec, string>['kind'];
export type MapperSpec = Exclude<MapReduceSpec['mapper'], string>;
export type ReducerSpec = Exclude<MapReduceSpec['reducer'], string>;
/** Where a map-reduce's items come from; `inline` is how a run carries inline items. */
export type ItemSource = NonNullable<MapReduceSpec['source']> | { type: 'inline'; items: unknown[] };
export type DagNode = DagSpec['nodes'][number];
/** A DAG node that waits for a person: its output is the decision (see DagApprovalOutput). */
export type DagApprovalNode = Extract<DagNode, { approval: unknown }>;
/** A DAG node that runs something: an activity or a nested pattern, once or for each element. */
export type DagTaskNode = Exclude<DagNode, DagApprovalNode>;
export type DagForEachOptions = Pick<DagTaskNode, 'forEach' | 'maxConcurrency' | 'onItemFailure'>;
