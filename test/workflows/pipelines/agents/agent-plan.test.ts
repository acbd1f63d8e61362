import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AGENTS_DEFAULTS } from '../../../../workflows/contracts/index.js';
import { checkPlan, planSchema } from '../../../../workflows/pipelines/agents/agent-plan.js';

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

  it('constrains the planner to the team and to dependencies within the plan size', () => {
    const schema = planSchema(agents, 3) as any;
    assert.deepEqual(
      schema.properties.subtasks.items.properties.agent.enum,
      agents.map((a) => a.name),
    );
    assert.deepEqual(schema.properties.subtasks.items.properties.dependsOn.items.enum, [1, 2, 3]);
    assert.equal(schema.properties.subtasks.maxItems, 3);
  });
});
