// Validation of pattern specs, run by the API (answering 400 with every problem) and again by
// each workflow before it schedules anything (failing non-retryably with the same words).

import { ACTIVITY_REGISTRY, isActivityName, REDUCER_NAMES } from '../activity-registry.js';
import { findCycle } from './graph.js';
import { checkEnum, checkInt, checkObject, checkString, Issues, isObject, jsonBytes } from './issues.js';
import { DEFAULTS, LIMITS } from './limits.js';
import { collectRefs } from './refs.js';
import type { PatternKind } from './specs.js';

export interface ValidationContext {
  /** Model names the deployment serves; when given, llm.* inputs naming another model are rejected. */
  knownModels?: readonly string[];
  depth?: number;
}

const PATTERNS: readonly PatternKind[] = ['map-reduce', 'scatter-gather', 'dag'];
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

function checkActivity(
  issues: Issues,
  path: string,
  name: unknown,
  input: unknown,
  ctx: ValidationContext,
): void {
  if (!checkString(issues, path, name)) return;
  if (!isActivityName(name)) {
    issues.add(path, `unknown activity "${name}"`);
    return;
  }
  if (
    ACTIVITY_REGISTRY[name].queue === 'llm' &&
    ctx.knownModels &&
    isObject(input) &&
    typeof input.model === 'string'
  ) {
    if (!ctx.knownModels.includes(input.model)) {
      issues.add(`${path}`, `unknown model "${input.model}" (configured: ${ctx.knownModels.join(', ')})`);
    }
  }
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
    checkActivity(issues, `${path}.activity`, task.activity, task.input, ctx);
  }
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
  checkInt(issues, `${path}.maximumAttempts`, retry.maximumAttempts, 1, 100);
  checkInt(issues, `${path}.initialIntervalMs`, retry.initialIntervalMs, 1, 3600_000);
  checkInt(issues, `${path}.maximumIntervalMs`, retry.maximumIntervalMs, 1, 3600_000);
  if (retry.backoffCoefficient !== undefined) {
    const b = retry.backoffCoefficient;
    if (typeof b !== 'number' || b < 1 || b > 100)
      issues.add(`${path}.backoffCoefficient`, 'must be a number from 1 to 100');
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
  if (hasItems) {
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
    checkActivity(issues, `${path}.mapper`, spec.mapper, undefined, ctx);
  } else if (checkObject(issues, `${path}.mapper`, spec.mapper, ['activity', 'params', 'itemField'])) {
    const m = spec.mapper;
    checkActivity(issues, `${path}.mapper.activity`, m.activity, m.params, ctx);
    if (m.params !== undefined && !isObject(m.params))
      issues.add(`${path}.mapper.params`, 'must be an object');
    if (m.itemField !== undefined)
      checkString(issues, `${path}.mapper.itemField`, m.itemField, /^[A-Za-z_][A-Za-z0-9_]*$/);
  }
  if (
    checkString(issues, `${path}.reducer`, spec.reducer) &&
    !REDUCER_NAMES.includes(spec.reducer as never)
  ) {
    issues.add(`${path}.reducer`, `must be a reducer activity: ${REDUCER_NAMES.join(', ')}`);
  }
  checkInt(issues, `${path}.batchSize`, spec.batchSize, 1, LIMITS.batchSize);
  checkInt(issues, `${path}.maxConcurrency`, spec.maxConcurrency, 1, LIMITS.maxConcurrency);
  checkEnum(issues, `${path}.onItemFailure`, spec.onItemFailure, ['fail', 'skip']);
  checkInt(issues, `${path}.maxFailures`, spec.maxFailures, 0, Number.MAX_SAFE_INTEGER);
  if (
    spec.tree !== undefined &&
    checkObject(issues, `${path}.tree`, spec.tree, ['leafBatches', 'batchesPerRun', 'fanout'])
  ) {
    checkInt(issues, `${path}.tree.leafBatches`, spec.tree.leafBatches, 2, 100_000);
    checkInt(issues, `${path}.tree.batchesPerRun`, spec.tree.batchesPerRun, 1, 1_000);
    checkInt(issues, `${path}.tree.fanout`, spec.tree.fanout, 2, 1_000);
  }
}

// ---------------------------------------------------------------- scatter-gather

export function validateScatterGather(
  issues: Issues,
  path: string,
  spec: unknown,
  ctx: ValidationContext,
): void {
  if (!checkObject(issues, path, spec, ['tasks', 'policy', 'aggregate'])) return;
  const tasks = spec.tasks;
  if (!Array.isArray(tasks) || tasks.length === 0) {
    issues.add(`${path}.tasks`, 'must be a non-empty array');
  } else {
    if (tasks.length > LIMITS.scatterTasks)
      issues.add(`${path}.tasks`, `has more than ${LIMITS.scatterTasks} tasks`);
    const ids = new Set<string>();
    tasks.forEach((task, i) => {
      const p = `${path}.tasks[${i}]`;
      if (!checkObject(issues, p, task, ['id', 'activity', 'input', 'pattern', 'spec'])) return;
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
  checkEnum(issues, `${path}.aggregate`, spec.aggregate, ['list', 'majority']);
}

// ---------------------------------------------------------------- DAG

export function validateDag(issues: Issues, path: string, spec: unknown, ctx: ValidationContext): void {
  if (!checkObject(issues, path, spec, ['nodes', 'maxConcurrency', 'onNodeFailure'])) return;
  checkInt(issues, `${path}.maxConcurrency`, spec.maxConcurrency, 1, LIMITS.maxConcurrency);
  checkEnum(issues, `${path}.onNodeFailure`, spec.onNodeFailure, ['fail', 'continue']);
  const nodes = spec.nodes;
  if (!Array.isArray(nodes) || nodes.length === 0) {
    issues.add(`${path}.nodes`, 'must be a non-empty array');
    return;
  }
  if (nodes.length > LIMITS.dagNodes) issues.add(`${path}.nodes`, `has more than ${LIMITS.dagNodes} nodes`);
  const ids = new Set<string>();
  const fields = ['id', 'activity', 'input', 'pattern', 'spec', 'dependsOn', 'retry', 'timeoutMs'];
  nodes.forEach((node, i) => {
    const p = `${path}.nodes[${i}]`;
    if (!isObject(node) || !checkString(issues, `${p}.id`, node.id, ID_PATTERN)) return;
    if (ids.has(node.id)) issues.add(`${p}.id`, `duplicate id "${node.id}"`);
    ids.add(node.id);
  });
  nodes.forEach((node, i) => {
    const p = `${path}.nodes[${i}]`;
    if (!checkObject(issues, p, node, fields)) return;
    checkTaskBody(issues, p, node, ctx);
    checkRetry(issues, `${p}.retry`, node.retry);
    checkInt(issues, `${p}.timeoutMs`, node.timeoutMs, 1, LIMITS.timeoutMs);
    const deps = node.dependsOn;
    if (deps !== undefined && (!Array.isArray(deps) || deps.some((d) => typeof d !== 'string'))) {
      issues.add(`${p}.dependsOn`, 'must be an array of node ids');
      return;
    }
    for (const dep of (deps ?? []) as string[]) {
      if (!ids.has(dep)) issues.add(`${p}.dependsOn`, `unknown node "${dep}"`);
      if (dep === node.id) issues.add(`${p}.dependsOn`, 'a node cannot depend on itself');
    }
    // References resolve in activity inputs; a nested pattern's spec keeps its own $refs.
    const input = 'pattern' in node ? undefined : node.input;
    for (const ref of collectRefs(input)) {
      if (!(deps as string[] | undefined)?.includes(ref.nodeId)) {
        issues.add(`${p}`, `$ref "${ref.nodeId}" is not in dependsOn`);
      }
    }
  });
  if (issues.ok) {
    const cycle = findCycle(nodes as Array<{ id: string; dependsOn?: string[] }>);
    if (cycle) issues.add(`${path}.nodes`, `cycle: ${cycle.join(' -> ')}`);
  }
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
  validatePattern(issues, kind, root, spec, ctx);
  if (issues.ok && kind !== 'map-reduce' && jsonBytes(spec) > LIMITS.specBytes) {
    issues.add(root, `is larger than ${LIMITS.specBytes} bytes of JSON`);
  }
  return issues.messages();
}

export { DEFAULTS };
