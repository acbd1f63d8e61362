import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENTS_DEFAULTS } from '../../../../workflows/contracts/index.js';
import {
  checkPlan,
  fallbackPlan,
  planSchema,
  planTokens,
} from '../../../../workflows/pipelines/agents/agent-plan.js';

const agents = AGENTS_DEFAULTS.agents;

describe('agent plans', () => {
  it('numbers subtasks t1, t2, … and turns dependencies into ids', () => {
    const { problems, plan } = checkPlan(
      {
        subtasks: [
          { agent: 'researcher', task: ' find facts ' },
          { agent: 'writer', task: 'write', dependsOn: [1, 1] },
        ],
      },
      agents,
      8,
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(plan, [
      { id: 't1', agent: 'researcher', task: 'find facts', dependsOn: [] },
      { id: 't2', agent: 'writer', task: 'write', dependsOn: ['t1'] },
    ]);
  });

  it('refuses unknown agents, self and missing dependencies, cycles and too many subtasks, saying which', () => {
    const { problems } = checkPlan(
      {
        subtasks: [
          { agent: 'poet', task: 'a', dependsOn: [3] },
          { agent: 'writer', task: 'b', dependsOn: [2, 9] },
          { agent: 'critic', task: 'c', dependsOn: [1] },
        ],
      },
      agents,
      2,
    );
    assert.deepEqual(problems, [
      'the plan has 3 subtasks, more than 2',
      'subtask 1: unknown agent "poet"',
      'subtask 2 depends on itself',
      'subtask 2 depends on 9, which does not exist',
      'subtasks t1, t3 depend on each other in a cycle',
    ]);
    assert.deepEqual(checkPlan({ subtasks: [] }, agents, 4).problems, ['the plan has no subtasks']);
  });

  it('constrains the planner to the team, and each subtask to depend on earlier ones only', () => {
    const schema = planSchema(agents, 3) as any;
    const [first, second, third] = schema.properties.subtasks.prefixItems;
    assert.deepEqual(
      first.properties.agent.enum,
      agents.map((a) => a.name),
    );
    // The first can depend on nothing, the n-th on 1..n-1: no self-dependency or cycle can be written.
    assert.equal(first.properties.dependsOn, undefined);
    assert.deepEqual(second.properties.dependsOn.items.enum, [1]);
    assert.deepEqual(third.properties.dependsOn.items.enum, [1, 2]);
    assert.equal(schema.properties.subtasks.maxItems, 3);
    assert.ok(planTokens(3) < planTokens(8), 'the token budget grows with the plan size');
  });

  it('falls back to each working agent once, in order, each on the one before', () => {
    const workers = agents.filter((a) => a.name !== 'critic');
    assert.ok(workers.length < agents.length, 'the default team has a critic, who reviews rather than works');
    assert.deepEqual(
      fallbackPlan(agents, 'Explain X.').map((s) => [s.id, s.agent, s.dependsOn]),
      workers.map((a, i) => [`t${i + 1}`, a.name, i === 0 ? [] : [`t${i}`]]),
    );
  });
});
