// A planner's answer checked before anything runs: pure, so a refused plan is refused the same
// way on replay, and the problems can go back to the planner in words.
import type { AgentSpec, PlannedSubtask } from '../../contracts/index.js';

/** What the planner writes, under a grammar: subtasks numbered from 1, dependencies by number. */
export interface RawPlan {
  subtasks: Array<{ agent: string; task: string; dependsOn?: number[] }>;
}

/** Characters of one subtask's task text: what a plan of `max` subtasks can hold within its tokens. */
export const PLAN_TASK_CHARS = 160;

/** Tokens a plan of `max` subtasks may take: each subtask's fields and text, and the brackets. */
export function planTokens(max: number): number {
  return 24 + max * (PLAN_TASK_CHARS / 2 + 24);
}

/**
 * The plan's grammar. Subtask n (from 1) names an agent of the team and may depend only on
 * subtasks 1..n-1, so a plan with a self-dependency, a forward one or a cycle cannot be written;
 * texts and lists are bounded so that a plan fits its tokens.
 */
export function planSchema(agents: readonly AgentSpec[], max: number): Record<string, unknown> {
  const agent = { enum: agents.map((a) => a.name) };
  const task = { type: 'string', minLength: 8, maxLength: PLAN_TASK_CHARS };
  const subtask = (n: number) =>
    n === 1
      ? { type: 'object', properties: { agent, task }, required: ['agent', 'task'] }
      : {
          type: 'object',
          properties: {
            agent,
            task,
            dependsOn: {
              type: 'array',
              items: { enum: Array.from({ length: n - 1 }, (_, i) => i + 1) },
              maxItems: Math.min(3, n - 1),
            },
          },
          required: ['agent', 'task', 'dependsOn'],
        };
  return {
    type: 'object',
    properties: {
      subtasks: {
        type: 'array',
        prefixItems: Array.from({ length: max }, (_, i) => subtask(i + 1)),
        minItems: 1,
        maxItems: max,
      },
    },
    required: ['subtasks'],
  };
}

/**
 * The plan when the planner gives none that can run: each working agent once, in the team's
 * order, each building on the one before (the critic reviews at the end, as always).
 */
export function fallbackPlan(agents: readonly AgentSpec[], goal: string): PlannedSubtask[] {
  const workers = agents.filter((a) => a.name !== 'critic');
  return (workers.length > 0 ? workers : agents).map((a, i) => ({
    id: `t${i + 1}`,
    agent: a.name,
    task: `As the team's ${a.name} (you ${a.role}), do your part of: ${goal}`,
    dependsOn: i === 0 ? [] : [`t${i}`],
  }));
}

/** The problems of a plan (empty when it can run), and the plan with ids t1, t2, … */
export function checkPlan(
  raw: RawPlan,
  agents: readonly AgentSpec[],
  max: number,
): { problems: string[]; plan: PlannedSubtask[] } {
  const problems: string[] = [];
  const subtasks = Array.isArray(raw?.subtasks) ? raw.subtasks : [];
  if (subtasks.length === 0) problems.push('the plan has no subtasks');
  if (subtasks.length > max) problems.push(`the plan has ${subtasks.length} subtasks, more than ${max}`);
  const names = new Set(agents.map((a) => a.name));
  const plan = subtasks.map((s, i) => {
    if (!names.has(s.agent)) problems.push(`subtask ${i + 1}: unknown agent "${s.agent}"`);
    if (!s.task?.trim()) problems.push(`subtask ${i + 1}: empty task`);
    const deps = [...new Set(s.dependsOn ?? [])];
    for (const d of deps) {
      if (d === i + 1) problems.push(`subtask ${i + 1} depends on itself`);
      else if (d < 1 || d > subtasks.length)
        problems.push(`subtask ${i + 1} depends on ${d}, which does not exist`);
    }
    return {
      id: `t${i + 1}`,
      agent: s.agent,
      task: s.task?.trim() ?? '',
      dependsOn: deps.filter((d) => d !== i + 1 && d >= 1 && d <= subtasks.length).map((d) => `t${d}`),
    };
  });
  // A cycle: some subtasks can never start.
  const done = new Set<string>();
  let progressed = true;
  while (progressed) {
    progressed = false;
    for (const s of plan) {
      if (!done.has(s.id) && s.dependsOn.every((d) => done.has(d))) {
        done.add(s.id);
        progressed = true;
      }
    }
  }
  const stuck = plan.filter((s) => !done.has(s.id)).map((s) => s.id);
  if (stuck.length > 0) problems.push(`subtasks ${stuck.join(', ')} depend on each other in a cycle`);
  return { problems, plan };
}

/**
 * A plan as a person edited it (the same shape as the plan shown: ids, agents, tasks,
 * dependencies by id), checked like the planner's own: the problems, and the plan renumbered.
 */
export function checkEditedPlan(
  edits: unknown,
  agents: readonly AgentSpec[],
  max: number,
): { problems: string[]; plan: PlannedSubtask[] } {
  if (!Array.isArray(edits) || edits.some((s) => typeof s !== 'object' || s === null))
    return {
      problems: ['the edited plan must be a list of { id, agent, task, dependsOn } subtasks'],
      plan: [],
    };
  const subtasks = edits as Array<{ id?: unknown; agent?: unknown; task?: unknown; dependsOn?: unknown }>;
  const idOf = (id: unknown, i: number) =>
    typeof id === 'string' || typeof id === 'number' ? String(id) : `t${i + 1}`;
  const index = new Map(subtasks.map((s, i) => [idOf(s.id, i), i + 1]));
  const problems: string[] = [];
  const raw: RawPlan = {
    subtasks: subtasks.map((s, i) => {
      const deps = Array.isArray(s.dependsOn) ? s.dependsOn : [];
      for (const d of deps)
        if (!index.has(String(d)))
          problems.push(`subtask ${i + 1} depends on "${String(d)}", which is not in the plan`);
      return {
        agent: typeof s.agent === 'string' ? s.agent : '',
        task: typeof s.task === 'string' ? s.task : '',
        dependsOn: deps.flatMap((d) => index.get(String(d)) ?? []),
      };
    }),
  };
  const checked = checkPlan(raw, agents, max);
  return { problems: [...problems, ...checked.problems], plan: checked.plan };
}
