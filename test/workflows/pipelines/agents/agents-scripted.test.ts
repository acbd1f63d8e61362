import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { agentsPipelineWorkflow } from '../../../../workflows/index.js';
import { agentsPipeline } from '../../../../workflows/pipelines/agents/agents.pipeline.js';
import type { LlmScript } from '../../../../runtime/scripted-llm-activities.js';
import { scriptedFailure } from '../../../../runtime/scripted-llm-activities.js';
import { failedWith, SCRIPTED_MODELS, startScriptedStack } from '../../../helpers/scripted-stack.js';
import type { ScriptedStack } from '../../../helpers/scripted-stack.js';

const MODEL = SCRIPTED_MODELS[0]!;
type Plan = { subtasks: Array<{ agent: string; task: string; dependsOn?: number[] }> };

/** A script whose planner answers the plans in turn, and whose critic answers `critique`. */
function planning(
  plans: Plan[],
  critique = { approved: true, comments: 'fine' },
  chat?: LlmScript['llm.chat'],
) {
  let asked = 0;
  return {
    'llm.json': (input) =>
      input.prompt.startsWith('Goal:')
        ? { data: plans[Math.min(asked++, plans.length - 1)] }
        : { data: critique },
    'llm.chat':
      chat ??
      ((input) => ({ text: `done: ${String(input.messages.at(-1)?.content).split('Your subtask: ')[1]}` })),
    'llm.synthesize': (input) => ({
      text: input.instruction.startsWith('Revise') ? 'revised answer' : 'first answer',
      levels: 1,
      calls: 1,
    }),
  } satisfies LlmScript;
}

describe('agents pipeline (scripted models)', () => {
  let stack: ScriptedStack;
  before(async () => (stack = await startScriptedStack()));
  after(() => stack.teardown());

  it('sends a refused plan back once with its problems, runs the corrected one as a DAG, revises after the critic', async () => {
    const prompts: string[] = [];
    const script = planning(
      [
        { subtasks: [{ agent: 'researcher', task: 'look', dependsOn: [1] }] },
        {
          subtasks: [
            { agent: 'researcher', task: 'find facts' },
            { agent: 'writer', task: 'write it up', dependsOn: [1] },
          ],
        },
      ],
      { approved: false, comments: 'too short' },
      (input) => {
        const content = String(input.messages.at(-1)?.content);
        prompts.push(content);
        return { text: content.includes('write it up') ? 'the write-up' : 'the facts' };
      },
    );
    stack.useScript(script);
    const handle = await stack.start(agentsPipelineWorkflow, { goal: 'Explain X.', model: MODEL });
    const result = agentsPipeline.output.parse(await handle.result());
    assert.deepEqual(result.replanned, ['subtask 1 depends on itself']);
    assert.deepEqual(
      result.plan.map((s) => [s.id, s.agent, s.dependsOn]),
      [
        ['t1', 'researcher', []],
        ['t2', 'writer', ['t1']],
      ],
    );
    // The writer ran after the researcher, with its output in the prompt.
    assert.match(
      prompts.find((p) => p.includes('write it up'))!,
      /Result of t1 \(researcher\):\nthe facts/,
    );
    assert.deepEqual(result.critique, { approved: false, comments: 'too short' });
    assert.equal(result.revised, true);
    assert.equal(result.answer, 'revised answer');
  });

  it('falls back to each agent in turn when the corrected plan is refused too, and completes', async () => {
    stack.useScript(planning([{ subtasks: [{ agent: 'researcher', task: 'loop', dependsOn: [1] }] }]));
    const handle = await stack.start(agentsPipelineWorkflow, { goal: 'Explain X.', model: MODEL });
    const result = await handle.result();
    assert.match(result.planFallback ?? '', /refused twice: subtask 1 depends on itself/);
    assert.deepEqual(
      result.subtasks.map((s) => [s.agent, s.status]),
      [
        ['researcher', 'succeeded'],
        ['analyst', 'succeeded'],
        ['writer', 'succeeded'],
      ],
    );
    assert.equal(result.answer, 'first answer');
  });

  it('falls back when the planner itself fails (its output cut at the token cap)', async () => {
    stack.useScript({
      ...planning([]),
      'llm.json': (input) => {
        if (input.prompt.startsWith('Goal:'))
          throw scriptedFailure('the JSON was cut off', { type: 'OutputTruncated', nonRetryable: true });
        return { data: { approved: true, comments: 'fine' } };
      },
    });
    const result = await (
      await stack.start(agentsPipelineWorkflow, { goal: 'Explain X.', model: MODEL })
    ).result();
    assert.match(result.planFallback ?? '', /the planner failed: the JSON was cut off/);
    assert.equal(result.subtasks.length, 3);
  });

  it('runs the subtasks of an agent with tools as agent loops (child runs) that call them', async () => {
    let turns = 0;
    stack.useScript({
      ...planning([
        {
          subtasks: [
            { agent: 'counter', task: 'compute 6 * 7' },
            { agent: 'writer', task: 'write it up', dependsOn: [1] },
          ],
        },
      ]),
      'llm.json': (input) => {
        if (input.prompt.startsWith('Goal: Team goal')) {
          // The counter's own loop: a call, then the answer from its result.
          turns++;
          return /-> result: 42/.test(input.prompt)
            ? { data: { answer: 'it is 42' } }
            : { data: { calls: [{ tool: 'math.evaluate', arguments: { expression: '6 * 7' } }] } };
        }
        return input.prompt.startsWith('Goal:')
          ? {
              data: {
                subtasks: [
                  { agent: 'counter', task: 'compute 6 * 7' },
                  { agent: 'writer', task: 'write it up', dependsOn: [1] },
                ],
              },
            }
          : { data: { approved: true, comments: 'fine' } };
      },
      'llm.chat': (input) => ({
        text: String(input.messages.at(-1)?.content).includes('it is 42') ? 'saw 42' : 'no',
      }),
    });
    const handle = await stack.start(agentsPipelineWorkflow, {
      goal: 'Explain X.',
      model: MODEL,
      agents: [
        { name: 'counter', role: 'computes', tools: ['math.evaluate'] },
        { name: 'writer', role: 'writes' },
      ],
    });
    const result = await handle.result();
    assert.deepEqual(
      result.subtasks.map((s) => [s.agent, s.status, s.output, s.toolCalls]),
      [
        ['counter', 'succeeded', 'it is 42', 1],
        ['writer', 'succeeded', 'saw 42', undefined],
      ],
    );
    assert.equal(turns, 2);
  });

  it('skips the dependents of a failed subtask and integrates the rest', async () => {
    stack.useScript(
      planning(
        [
          {
            subtasks: [
              { agent: 'researcher', task: 'find facts' },
              { agent: 'analyst', task: 'compare' },
              { agent: 'writer', task: 'write from facts', dependsOn: [1] },
            ],
          },
        ],
        undefined,
        (input) => {
          if (String(input.messages.at(-1)?.content).includes('find facts'))
            throw scriptedFailure('no sources', { nonRetryable: true });
          return { text: 'the comparison' };
        },
      ),
    );
    const handle = await stack.start(agentsPipelineWorkflow, { goal: 'Explain X.', model: MODEL });
    const result = await handle.result();
    assert.deepEqual(
      result.subtasks.map((s) => [s.id, s.status]),
      [
        ['t1', 'failed'],
        ['t2', 'succeeded'],
        ['t3', 'skipped'],
      ],
    );
    assert.equal(result.answer, 'first answer');
    assert.equal(result.revised, false);
  });

  it('fails with AllSubtasksFailed when no subtask produced anything', async () => {
    stack.useScript(
      planning([{ subtasks: [{ agent: 'researcher', task: 'a' }] }], undefined, () => {
        throw scriptedFailure('broken', { nonRetryable: true });
      }),
    );
    const handle = await stack.start(agentsPipelineWorkflow, { goal: 'Explain X.', model: MODEL });
    await assert.rejects(handle.result(), failedWith('AllSubtasksFailed'));
  });
});
