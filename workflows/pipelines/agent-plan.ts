// A planner's answer checked before anything runs: pure, so a refused plan is refused the same
// way on replay, and the problems can go back to the planner in words.
import type { AgentSpec, PlannedSubtask } from '../contracts/index.js';

/** What the planner writes, under a grammar: subtasks numbered from 1, dependencies by number. */
export interface RawPlan {
  subtasks: Array<{ agent: string; task: string; dependsOn?: number[] }>;
}

/** The plan's grammar: agents by name, at most `max` subtasks, dependencies among 1..max. */
export function planSchema(agents: readonly AgentSpec[], max: number): Record<string, unknown> {
  return {
    type: 'object',
    properties: {
      subtasks: {
        type: 'array',
        minItems: 1,
        maxItems: max,
        items: {
          type: 'object',
          properties: {
            agent: { enum: agents.map((a) => a.name) },
            task: { type: 'string', maxLength: 300 },
            dependsOn: {
              type: 'array',
              items: { enum: Array.from({ length: max }, (_, i) => i + 1) },
              maxItems: 3,
            },
          },
        },
      },
    },
  };
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
