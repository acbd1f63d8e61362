// Validation of pattern specs, run by the API (answering 400 with every problem) and again by
// each workflow before it schedules anything (failing non-retryably with the same words).

import { ACTIVITY_REGISTRY, isActivityName, REDUCER_NAMES } from '../activity-registry.js';
import type { ActivityName } from '../activity-registry.js';
import { LIVE_MODES } from '../live.js';
import { APPROVAL_TIMEOUT_ACTIONS } from '../approvals.js';
import { findCycle } from './graph.js';
import {
  checkEnum,
  checkInt,
  checkObject,
  checkString,
  depthBeyond,
  Issues,
  isObject,
  jsonBytes,
} from './issues.js';
import { DEFAULTS, FIELD_PATH, ITEM_FIELD, LIMITS, RANGES, SPEC_ID } from './limits.js';
import { asMarker, markerProblems } from './markers.js';
import type { MarkerScope } from './markers.js';
import type { PatternKind } from './specs.js';

export interface ValidationContext {
  /** Model names the deployment serves; when given, llm.* inputs naming another model are rejected. */
  knownModels?: readonly string[];
  depth?: number;
  /** What markers may name here: the enclosing DAG node's dependencies and forEach element. */
  scope?: MarkerScope;
  /** Read `$ref` as `$from` (workflows do, for runs started before the rename; the API does not). */
  legacyRef?: boolean;
  /** Most map-reduce batches one spec may create (default LIMITS.batches). */
  maxBatches?: number;
}

const NO_SCOPE: MarkerScope = { nodes: new Set(), item: false };

/** Markers inside a free-form value (an input, params, items) must name what the scope offers. */
function checkMarkers(
  issues: Issues,
  path: string,
  value: unknown,
  ctx: ValidationContext,
  scope?: MarkerScope,
): void {
  for (const [at, message] of markerProblems(value, scope ?? ctx.scope ?? NO_SCOPE, ctx.legacyRef))
    issues.add(`${path}${at}`, message);
}

/** The problem with a model name the deployment does not serve, or undefined. */
export function unknownModel(model: string, known: readonly string[]): string | undefined {
  return known.includes(model) ? undefined : `unknown model "${model}" (configured: ${known.join(', ')})`;
}

/** A model named by an llm.* input: checked against the deployment's models when known. */
function checkModel(issues: Issues, path: string, model: unknown, ctx: ValidationContext): void {
  if (asMarker(model, ctx.legacyRef)) return; // resolved at run time
  if (!checkString(issues, path, model)) return;
  const problem = ctx.knownModels && unknownModel(model, ctx.knownModels);
  if (problem) issues.add(path, problem);
}

const PATTERNS: readonly PatternKind[] = ['map-reduce', 'scatter-gather', 'dag'];
const ID_PATTERN = SPEC_ID;
// Node ids key plain objects (outputs, outcomes): these would collide with Object's own.
const RESERVED_IDS = ['__proto__', 'constructor', 'prototype'];

/**
 * An activity by name; an llm.* one needs its model in `input` (`inputPath` names where), unless
 * the input is built by a marker at run time.
 */
function checkActivity(
  issues: Issues,
  path: string,
  name: unknown,
  input: unknown,
  inputPath: string,
  ctx: ValidationContext,
): void {
  if (!checkString(issues, path, name)) return;
  if (!isActivityName(name)) {
    issues.add(path, `unknown activity "${name}"`);
    return;
  }
  if (ACTIVITY_REGISTRY[name].queue !== 'llm' || asMarker(input, ctx.legacyRef)) return;
  if (!isObject(input))
    issues.add(inputPath, `must be an object with a "model" field (${name} runs on a model's queue)`);
  else checkModel(issues, `${inputPath}.model`, input.model, ctx);
}

/** A scatter-gather task or DAG node body: an activity call or a nested pattern. */
function checkTaskBody(
  issues: Issues,
  path: string,
  task: Record<string, unknown>,
  ctx: ValidationContext,
): void {
  if ('pattern' in task) {
    if ('activity' in task) issues.add(path, 'has both "activity" and "pattern"');
    if (!checkEnum(issues, `${path}.pattern`, task.pattern, PATTERNS, true)) return;
    const depth = (ctx.depth ?? 0) + 1;
    if (depth > LIMITS.nestingDepth) {
      issues.add(`${path}.pattern`, `nesting deeper than ${LIMITS.nestingDepth} levels`);
      return;
    }
    validatePattern(issues, task.pattern as PatternKind, `${path}.spec`, task.spec, { ...ctx, depth });
  } else {
    checkActivity(issues, `${path}.activity`, task.activity, task.input, `${path}.input`, ctx);
    checkMarkers(issues, `${path}.input`, task.input, ctx);
  }
  checkRetry(issues, `${path}.retry`, task.retry);
  checkInt(issues, `${path}.timeoutMs`, task.timeoutMs, 1, LIMITS.timeoutMs);
  if ('pattern' in task && (task.retry !== undefined || task.timeoutMs !== undefined))
    issues.add(
      path,
      '"retry" and "timeoutMs" apply to activities; a nested pattern sets them on its own tasks',
    );
}

function checkRetry(issues: Issues, path: string, retry: unknown): void {
  if (retry === undefined) return;
  if (
    !checkObject(issues, path, retry, [
      'maximumAttempts',
      'initialIntervalMs',
      'backoffCoefficient',
      'maximumIntervalMs',
    ])
  )
    return;
  checkInt(issues, `${path}.maximumAttempts`, retry.maximumAttempts, ...RANGES.retryAttempts);
  checkInt(issues, `${path}.initialIntervalMs`, retry.initialIntervalMs, ...RANGES.retryIntervalMs);
  checkInt(issues, `${path}.maximumIntervalMs`, retry.maximumIntervalMs, ...RANGES.retryIntervalMs);
  if (retry.backoffCoefficient !== undefined) {
    const b = retry.backoffCoefficient;
    const [least, most] = RANGES.retryBackoff;
    if (typeof b !== 'number' || b < least || b > most)
      issues.add(`${path}.backoffCoefficient`, `must be a number from ${least} to ${most}`);
  }
}

// ---------------------------------------------------------------- map-reduce

function checkSource(issues: Issues, path: string, source: unknown): void {
  if (!isObject(source)) {
    issues.add(path, 'must be an object');
    return;
  }
  if (source.type === 'range') {
    if (!checkObject(issues, path, source, ['type', 'start', 'end'])) return;
    const okStart = checkInt(
      issues,
      `${path}.start`,
      source.start,
      Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
      true,
    );
    const okEnd = checkInt(
      issues,
      `${path}.end`,
      source.end,
      Number.MIN_SAFE_INTEGER,
      Number.MAX_SAFE_INTEGER,
      true,
    );
    if (okStart && okEnd) {
      const count = (source.end as number) - (source.start as number);
      if (count < 0) issues.add(`${path}.end`, 'must not be less than start');
      if (count > LIMITS.rangeItems) issues.add(path, `covers more than ${LIMITS.rangeItems} items`);
    }
  } else if (source.type === 'lines') {
    if (!checkObject(issues, path, source, ['type', 'path', 'format'])) return;
    if (checkString(issues, `${path}.path`, source.path)) {
      const p = source.path;
      if (p.startsWith('/') || p.split(/[\\/]/).includes('..')) {
        issues.add(`${path}.path`, 'must be a relative path inside the data folder (no "..", not absolute)');
      }
    }
    checkEnum(issues, `${path}.format`, source.format, ['text', 'jsonl']);
  } else {
    issues.add(`${path}.type`, 'must be "range" or "lines"');
  }
}

/** The batches a known item count makes must stay within the cap (a `lines` file is checked once counted). */
/**
 * The batches a map-reduce spec makes when its item count is known before it runs (inline items
 * or a range; a `lines` file is counted in the run): 0 otherwise.
 */
function batchCount(spec: Record<string, unknown>): { items: number; batchSize: number; batches: number } {
  const source = spec.source as { type?: unknown; start?: unknown; end?: unknown } | undefined;
  const items = Array.isArray(spec.items)
    ? spec.items.length
    : source?.type === 'range' && typeof source.start === 'number' && typeof source.end === 'number'
      ? Math.max(0, source.end - source.start)
      : 0;
  const batchSize = typeof spec.batchSize === 'number' ? spec.batchSize : DEFAULTS.batchSize;
  return { items, batchSize, batches: Math.ceil(items / batchSize) };
}

function checkBatchCount(
  issues: Issues,
  path: string,
  spec: Record<string, unknown>,
  maxBatches: number,
): void {
  const { items, batchSize, batches } = batchCount(spec);
  if (batches <= maxBatches) return;
  const least = Math.ceil(items / maxBatches);
  issues.add(
    `${path}.batchSize`,
    `${items} items in batches of ${batchSize} make ${batches} batches, more than the ${maxBatches} one request may create: ` +
      (least <= LIMITS.batchSize
        ? `use a batchSize of at least ${least}`
        : `split the input into requests of at most ${maxBatches * LIMITS.batchSize} items`),
  );
}

function checkReducer(issues: Issues, path: string, reducer: unknown, ctx: ValidationContext): void {
  const mustBe = `must be a reducer activity: ${REDUCER_NAMES.join(', ')}`;
  if (typeof reducer === 'string') {
    if (!REDUCER_NAMES.includes(reducer)) issues.add(path, mustBe);
    else if (ACTIVITY_REGISTRY[reducer as ActivityName].queue === 'llm')
      issues.add(path, `"${reducer}" needs params: { "activity": "${reducer}", "params": { "model", ... } }`);
    return;
  }
  if (reducer === undefined) {
    issues.add(path, 'is required');
    return;
  }
  if (!checkObject(issues, path, reducer, ['activity', 'params'])) return;
  if (!checkString(issues, `${path}.activity`, reducer.activity)) return;
  if (!REDUCER_NAMES.includes(reducer.activity)) {
    issues.add(`${path}.activity`, mustBe);
    return;
  }
  if (reducer.params !== undefined && !isObject(reducer.params))
    issues.add(`${path}.params`, 'must be an object');
  checkMarkers(issues, `${path}.params`, reducer.params, ctx);
  if (ACTIVITY_REGISTRY[reducer.activity as ActivityName].queue !== 'llm') {
    if (reducer.params !== undefined) issues.add(`${path}.params`, `"${reducer.activity}" takes no params`);
    return;
  }
  if (!isObject(reducer.params)) {
    issues.add(`${path}.params`, 'must be an object with "model" (and "instruction")');
    return;
  }
  checkModel(issues, `${path}.params.model`, reducer.params.model, ctx);
  if (reducer.activity === 'llm.synthesize')
    checkString(issues, `${path}.params.instruction`, reducer.params.instruction);
}

export function validateMapReduce(issues: Issues, path: string, spec: unknown, ctx: ValidationContext): void {
  const fields = [
    'items',
    'source',
    'mapper',
    'reducer',
    'batchSize',
    'maxConcurrency',
    'onItemFailure',
    'maxFailures',
    'tree',
  ];
  if (!checkObject(issues, path, spec, fields)) return;
  const hasItems = spec.items !== undefined;
  if (hasItems === (spec.source !== undefined)) issues.add(path, 'needs exactly one of "items" and "source"');
  if (hasItems && asMarker(spec.items, ctx.legacyRef)) {
    checkMarkers(issues, `${path}.items`, spec.items, ctx); // an upstream output, checked when the child starts
  } else if (hasItems) {
    if (!Array.isArray(spec.items)) issues.add(`${path}.items`, 'must be an array');
    else if (spec.items.length > LIMITS.inlineItems) {
      issues.add(
        `${path}.items`,
        `has more than ${LIMITS.inlineItems} items: pass large inputs by reference with "source"`,
      );
    }
  }
  if (spec.source !== undefined) checkSource(issues, `${path}.source`, spec.source);
  if (typeof spec.mapper === 'string') {
    checkActivity(issues, `${path}.mapper`, spec.mapper, undefined, `${path}.mapper.params`, ctx);
  } else if (
    checkObject(issues, `${path}.mapper`, spec.mapper, ['activity', 'params', 'itemField', 'input'])
  ) {
    const m = spec.mapper;
    if (m.input !== undefined) {
      if (m.params !== undefined || m.itemField !== undefined)
        issues.add(`${path}.mapper`, '"input" replaces "params" and "itemField": give one or the other');
      checkActivity(issues, `${path}.mapper.activity`, m.activity, m.input, `${path}.mapper.input`, ctx);
      checkMarkers(issues, `${path}.mapper.input`, m.input, ctx, { ...(ctx.scope ?? NO_SCOPE), item: true });
    } else {
      checkActivity(issues, `${path}.mapper.activity`, m.activity, m.params, `${path}.mapper.params`, ctx);
    }
    if (m.params !== undefined && !isObject(m.params))
      issues.add(`${path}.mapper.params`, 'must be an object');
    checkMarkers(issues, `${path}.mapper.params`, m.params, ctx);
    if (m.itemField !== undefined) checkString(issues, `${path}.mapper.itemField`, m.itemField, ITEM_FIELD);
  }
  checkReducer(issues, `${path}.reducer`, spec.reducer, ctx);
  if (checkInt(issues, `${path}.batchSize`, spec.batchSize, 1, LIMITS.batchSize))
    checkBatchCount(issues, path, spec, ctx.maxBatches ?? LIMITS.batches);
  checkInt(issues, `${path}.maxConcurrency`, spec.maxConcurrency, 1, LIMITS.maxConcurrency);
  checkEnum(issues, `${path}.onItemFailure`, spec.onItemFailure, ['fail', 'skip']);
  checkInt(issues, `${path}.maxFailures`, spec.maxFailures, 0, Number.MAX_SAFE_INTEGER);
  if (
    spec.tree !== undefined &&
    checkObject(issues, `${path}.tree`, spec.tree, ['leafBatches', 'batchesPerRun', 'fanout'])
  ) {
    checkInt(issues, `${path}.tree.leafBatches`, spec.tree.leafBatches, ...RANGES.treeLeafBatches);
    checkInt(issues, `${path}.tree.batchesPerRun`, spec.tree.batchesPerRun, ...RANGES.treeBatchesPerRun);
    checkInt(issues, `${path}.tree.fanout`, spec.tree.fanout, ...RANGES.treeFanout);
  }
}

// ---------------------------------------------------------------- scatter-gather

export function validateScatterGather(
  issues: Issues,
  path: string,
  spec: unknown,
  ctx: ValidationContext,
): void {
  if (!checkObject(issues, path, spec, ['tasks', 'policy', 'aggregate', 'stream'])) return;
  checkEnum(issues, `${path}.stream`, spec.stream, LIVE_MODES);
  const tasks = spec.tasks;
  if (!Array.isArray(tasks) || tasks.length === 0) {
    issues.add(`${path}.tasks`, 'must be a non-empty array');
  } else {
    if (tasks.length > LIMITS.scatterTasks)
      issues.add(`${path}.tasks`, `has more than ${LIMITS.scatterTasks} tasks`);
    const ids = new Set<string>();
    tasks.forEach((task, i) => {
      const p = `${path}.tasks[${i}]`;
      if (!checkObject(issues, p, task, ['id', 'activity', 'input', 'pattern', 'spec', 'retry', 'timeoutMs']))
        return;
      if (task.id !== undefined && checkString(issues, `${p}.id`, task.id, ID_PATTERN)) {
        if (ids.has(task.id)) issues.add(`${p}.id`, `duplicate id "${task.id}"`);
        ids.add(task.id);
      }
      checkTaskBody(issues, p, task, ctx);
    });
  }
  if (checkObject(issues, `${path}.policy`, spec.policy, ['mode', 'quorum', 'timeoutMs'])) {
    const policy = spec.policy;
    checkEnum(issues, `${path}.policy.mode`, policy.mode, ['all', 'first', 'quorum'], true);
    checkInt(issues, `${path}.policy.timeoutMs`, policy.timeoutMs, 1, LIMITS.timeoutMs);
    if (policy.mode === 'quorum') {
      const n = Array.isArray(tasks) ? tasks.length : LIMITS.scatterTasks;
      checkInt(issues, `${path}.policy.quorum`, policy.quorum, 1, Math.max(1, n), true);
    } else if (policy.quorum !== undefined) {
      issues.add(`${path}.policy.quorum`, 'applies only to mode "quorum"');
    }
  }
  checkAggregate(issues, `${path}.aggregate`, spec.aggregate, ctx);
}

const AGGREGATE_FIELDS: Record<string, readonly string[]> = {
  list: ['kind', 'field'],
  majority: ['kind', 'field'],
  consensus: ['kind', 'field', 'model'],
  judge: ['kind', 'field', 'model', 'criteria'],
  synthesize: ['kind', 'field', 'model', 'instruction', 'maxTokens'],
};

function checkAggregate(issues: Issues, path: string, aggregate: unknown, ctx: ValidationContext): void {
  if (aggregate === undefined || typeof aggregate === 'string') {
    checkEnum(issues, path, aggregate, ['list', 'majority']);
    return;
  }
  if (!isObject(aggregate)) {
    issues.add(path, 'must be "list", "majority" or an object with "kind"');
    return;
  }
  const kinds = Object.keys(AGGREGATE_FIELDS);
  if (!checkEnum(issues, `${path}.kind`, aggregate.kind, kinds, true)) return;
  const kind = aggregate.kind as string;
  if (!checkObject(issues, path, aggregate, AGGREGATE_FIELDS[kind]!)) return;
  if (aggregate.field !== undefined) checkString(issues, `${path}.field`, aggregate.field, FIELD_PATH);
  if (kind === 'list' || kind === 'majority') return;
  checkModel(issues, `${path}.model`, aggregate.model, ctx);
  if (kind === 'judge') checkString(issues, `${path}.criteria`, aggregate.criteria);
  if (kind === 'synthesize') {
    checkString(issues, `${path}.instruction`, aggregate.instruction);
    checkInt(issues, `${path}.maxTokens`, aggregate.maxTokens, ...RANGES.aggregateMaxTokens);
  }
}

// ---------------------------------------------------------------- DAG

function checkForEach(
  issues: Issues,
  p: string,
  node: Record<string, unknown>,
  ctx: ValidationContext,
): void {
  if (node.forEach === undefined) {
    if (node.maxConcurrency !== undefined || node.onItemFailure !== undefined)
      issues.add(p, '"maxConcurrency" and "onItemFailure" apply only to a node with "forEach"');
    return;
  }
  const marker = asMarker(node.forEach, ctx.legacyRef);
  if (Array.isArray(node.forEach)) {
    if (node.forEach.length > LIMITS.forEachItems)
      issues.add(`${p}.forEach`, `has more than ${LIMITS.forEachItems} elements`);
    checkMarkers(issues, `${p}.forEach`, node.forEach, ctx);
  } else if (marker?.kind === '$from') {
    checkMarkers(issues, `${p}.forEach`, node.forEach, ctx);
  } else {
    issues.add(`${p}.forEach`, 'must be an array or { "$from": "<node>.<path>" } naming an array output');
  }
  checkInt(issues, `${p}.maxConcurrency`, node.maxConcurrency, 1, LIMITS.maxConcurrency);
  checkEnum(issues, `${p}.onItemFailure`, node.onItemFailure, ['fail', 'skip']);
}

/** An approval node: a title, details (markers allowed), a timeout and what it decides. Nothing else runs there. */
function checkApproval(
  issues: Issues,
  p: string,
  node: Record<string, unknown>,
  ctx: ValidationContext,
): void {
  for (const other of ['activity', 'input', 'pattern', 'spec', 'retry', 'timeoutMs', 'forEach'])
    if (node[other] !== undefined) issues.add(p, `"approval" and "${other}" do not go together`);
  const a = node.approval;
  if (!checkObject(issues, `${p}.approval`, a, ['title', 'details', 'timeoutMs', 'onTimeout'])) return;
  const [fewest, most] = RANGES.approvalTitleChars;
  if (
    checkString(issues, `${p}.approval.title`, a.title) &&
    (a.title.length < fewest || a.title.length > most)
  )
    issues.add(`${p}.approval.title`, `must be ${fewest} to ${most} characters`);
  checkInt(issues, `${p}.approval.timeoutMs`, a.timeoutMs, ...RANGES.approvalTimeoutMs);
  checkEnum(issues, `${p}.approval.onTimeout`, a.onTimeout, APPROVAL_TIMEOUT_ACTIONS);
  if (a.onTimeout !== undefined && a.timeoutMs === undefined)
    issues.add(`${p}.approval.onTimeout`, 'needs approval.timeoutMs');
  checkMarkers(issues, `${p}.approval.details`, a.details, ctx);
}

export function validateDag(issues: Issues, path: string, spec: unknown, ctx: ValidationContext): void {
  if (!checkObject(issues, path, spec, ['nodes', 'maxConcurrency', 'onNodeFailure', 'stream'])) return;
  checkEnum(issues, `${path}.stream`, spec.stream, LIVE_MODES);
  checkInt(issues, `${path}.maxConcurrency`, spec.maxConcurrency, 1, LIMITS.maxConcurrency);
  checkEnum(issues, `${path}.onNodeFailure`, spec.onNodeFailure, ['fail', 'continue']);
  const nodes = spec.nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) {
    issues.add(`${path}.nodes`, 'must be a non-empty array');
    return;
  }
  if (nodes.length > LIMITS.dagNodes) issues.add(`${path}.nodes`, `has more than ${LIMITS.dagNodes} nodes`);
  const ids = new Set<string>();
  const fields = [
    'id',
    'activity',
    'input',
    'pattern',
    'spec',
    'dependsOn',
    'retry',
    'timeoutMs',
    'forEach',
    'maxConcurrency',
    'onItemFailure',
    'approval',
  ];
  nodes.forEach((node, i) => {
    const p = `${path}.nodes[${i}]`;
    if (!isObject(node) || !checkString(issues, `${p}.id`, node.id, ID_PATTERN)) return;
    if (RESERVED_IDS.includes(node.id)) issues.add(`${p}.id`, `"${node.id}" is reserved`);
    if (ids.has(node.id)) issues.add(`${p}.id`, `duplicate id "${node.id}"`);
    ids.add(node.id);
  });
  nodes.forEach((node, i) => {
    const p = `${path}.nodes[${i}]`;
    if (!checkObject(issues, p, node, fields)) return;
    const deps = node.dependsOn;
    if (deps !== undefined && (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string'))) {
      issues.add(`${p}.dependsOn`, 'must be an array of node ids');
      return;
    }
    for (const dep of (deps ?? []) as string[]) {
      if (!ids.has(dep)) issues.add(`${p}.dependsOn`, `unknown node "${dep}"`);
      if (dep === node.id) issues.add(`${p}.dependsOn`, 'a node cannot depend on itself');
    }
    const outer = ctx.scope ?? NO_SCOPE;
    const depScope: MarkerScope = {
      nodes: new Set([...outer.nodes, ...((deps ?? []) as string[])]),
      item: outer.item,
      dag: true,
    };
    if (node.approval !== undefined) {
      checkApproval(issues, p, node, { ...ctx, scope: depScope });
      return;
    }
    checkForEach(issues, p, node, { ...ctx, scope: depScope });
    const scope: MarkerScope = { ...depScope, item: outer.item || node.forEach !== undefined };
    checkTaskBody(issues, p, node, { ...ctx, scope });
  });
  if (issues.ok) {
    const cycle = findCycle(nodes as Array<{ id: string; dependsOn?: string[] }>);
    if (cycle) issues.add(`${path}.nodes`, `cycle: ${cycle.join(' -> ')}`);
  }
}

/** The batches a spec's map-reduces make, nested ones included, where their item counts are known. */
function knownBatches(kind: PatternKind, spec: unknown): number {
  if (!isObject(spec)) return 0;
  if (kind === 'map-reduce') return batchCount(spec).batches;
  const children = (kind === 'dag' ? spec.nodes : spec.tasks) as unknown[];
  let total = 0;
  for (const child of Array.isArray(children) ? children : []) {
    if (!isObject(child) || typeof child.pattern !== 'string') continue;
    // A nested pattern under a literal forEach runs once per element.
    const times = Array.isArray(child.forEach) ? child.forEach.length : 1;
    total += times * knownBatches(child.pattern as PatternKind, child.spec);
  }
  return total;
}

// ---------------------------------------------------------------- entry points

export function validatePattern(
  issues: Issues,
  kind: PatternKind,
  path: string,
  spec: unknown,
  ctx: ValidationContext,
): void {
  if (kind === 'map-reduce') validateMapReduce(issues, path, spec, ctx);
  else if (kind === 'scatter-gather') validateScatterGather(issues, path, spec, ctx);
  else validateDag(issues, path, spec, ctx);
}

/** All problems of a spec, as "path: message" lines (empty when valid). */
export function specProblems(
  kind: PatternKind,
  spec: unknown,
  ctx: ValidationContext = {},
  root = 'body',
): string[] {
  const issues = new Issues();
  // First, and without recursion: every walk below recurses.
  const tooDeep = depthBeyond(spec, LIMITS.jsonDepth, root);
  if (tooDeep !== undefined) return [`${tooDeep}: is nested deeper than ${LIMITS.jsonDepth} levels`];
  validatePattern(issues, kind, root, spec, ctx);
  if (issues.ok) {
    // Nested map-reduces add up: the cap is on the whole request, not on each one.
    const batches = knownBatches(kind, spec);
    const max = ctx.maxBatches ?? LIMITS.batches;
    if (batches > max && kind !== 'map-reduce')
      issues.add(
        root,
        `its map-reduces make ${batches} batches in all, more than the ${max} one request may create`,
      );
  }
  if (issues.ok) {
    // Inline map-reduce items have their own limit; everything else counts against the spec's.
    const rest = kind === 'map-reduce' && isObject(spec) ? { ...spec, items: undefined } : spec;
    if (jsonBytes(rest) > LIMITS.specBytes)
      issues.add(root, `is larger than ${LIMITS.specBytes} bytes of JSON`);
  }
  return issues.messages();
}

export { DEFAULTS };
