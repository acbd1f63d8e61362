import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../../config/project-root.js';
import { http } from '../../../runtime/http-client.js';
import { scriptedDelay } from '../../../runtime/scripted-llm-activities.js';
import type { LlmScript } from '../../../runtime/scripted-llm-activities.js';
import { agentWorkflow } from '../../../workflows/index.js';
import { pendingApprovalsQuery } from '../../../workflows/contracts/index.js';
import type { AgentRunInput } from '../../../workflows/agent/agent-contract.js';
import { events, waitUntil } from '../../helpers/history.js';
import { startHttpMcpServer } from '../../fixtures/mcp/http-mcp-server.js';
import { failedWith, startScriptedStack } from '../../helpers/scripted-stack.js';
import type { ScriptedStack } from '../../helpers/scripted-stack.js';

type Turn = { answer: string } | { calls: Array<{ tool: string; arguments: Record<string, unknown> }> };

/** A model that decides each turn from its step number and prompt (`canCall`: the grammar allows calls). */
function agentScript(
  decide: (step: number, prompt: string, canCall: boolean) => Turn | Promise<Turn>,
): LlmScript {
  return {
    'llm.json': async (input) => {
      const done = [...input.prompt.matchAll(/^Step (\d+):/gm)].map((m) => Number(m[1]));
      const step = Math.max(0, ...done) + 1;
      return { data: await decide(step, input.prompt, JSON.stringify(input.schema).includes('"calls"')) };
    },
  };
}

const calc = (expression: string) => ({ tool: 'math.evaluate', arguments: { expression } });

describe('agent loop (scripted model; real tools worker and MCP servers)', () => {
  let stack: ScriptedStack;
  let folder: string;
  const input = (more: Partial<AgentRunInput>): AgentRunInput => ({
    goal: 'test',
    tools: ['math.evaluate'],
    model: 'smollm2-135m',
    ...more,
  });
  const toolCalls = async (handle: Parameters<typeof events>[0]) =>
    (await events(handle)).filter(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'tools.call',
    );

  let web: Awaited<ReturnType<typeof startHttpMcpServer>>;
  before(async () => {
    folder = mkdtempSync(join(tmpdir(), 'agent-fs-'));
    web = await startHttpMcpServer();
    const servers = [
      {
        name: 'fs',
        command: process.execPath,
        args: [fromRoot('node_modules/@modelcontextprotocol/server-filesystem/dist/index.js'), folder],
      },
      {
        name: 'flaky',
        command: process.execPath,
        args: [fromRoot('dist/test/fixtures/mcp/flaky-mcp-server.js')],
      },
      { name: 'web', url: web.url },
    ];
    stack = await startScriptedStack({ api: true, env: { MCP_SERVERS: JSON.stringify(servers) } });
  });
  after(async () => {
    await stack?.teardown();
    await web?.close();
    rmSync(folder, { recursive: true, force: true });
  });

  it('GET /tools lists the built-ins and the MCP servers’ tools, side effects from their annotations', async () => {
    const r = await http('GET', `${stack.baseUrl}/tools`);
    assert.equal(r.status, 200);
    const byName = new Map<string, any>(r.body.tools.map((t: any) => [t.name, t]));
    assert.ok(byName.has('math.evaluate') && byName.has('files.read') && byName.has('collection.search'));
    assert.ok(!byName.has('http.fetch'), 'http.fetch is off without TOOLS_HTTP_ALLOW');
    assert.deepEqual(
      [byName.get('fs.read_text_file')?.sideEffects, byName.get('fs.read_text_file')?.approval],
      [false, 'never'],
    );
    assert.deepEqual(
      [byName.get('fs.write_file')?.sideEffects, byName.get('fs.write_file')?.approval],
      [true, 'always'],
    );
    assert.equal(byName.get('fs.write_file')?.source, 'mcp:fs');
  });

  it('calls a tool of a Streamable HTTP MCP server', async () => {
    stack.useScript(
      agentScript((step, prompt) =>
        step === 1
          ? { calls: [{ tool: 'web.add', arguments: { a: 40, b: 2 } }] }
          : { answer: /-> result: 42$/m.test(prompt) ? 'forty-two' : 'no' },
      ),
    );
    const result = await (await stack.start(agentWorkflow, input({ tools: ['web.add'] }))).result();
    assert.equal(result.answer, 'forty-two');
  });

  it('runs the calls of one turn in parallel and gives their results to the next turn', async () => {
    stack.useScript(
      agentScript((step, prompt) =>
        step === 1
          ? { calls: [calc('1234 * 5678 + 91'), calc('2 ^ 10'), calc('sqrt(16)')] }
          : { answer: [...prompt.matchAll(/-> result: (\S+)$/gm)].map((m) => m[1]).join(',') },
      ),
    );
    const handle = await stack.start(agentWorkflow, input({}));
    const result = await handle.result();
    assert.equal(result.answer, '7006743,1024,4');
    assert.equal(result.stoppedBy, 'answer');
    assert.deepEqual(
      result.steps[0]!.calls!.map((c) => [c.id, c.status]),
      [
        ['1.1', 'ok'],
        ['1.2', 'ok'],
        ['1.3', 'ok'],
      ],
    );
    // All three were scheduled before any of them completed: in parallel.
    const evts = await events(handle);
    const firstDone = evts.findIndex(
      (e) =>
        e.activityTaskCompletedEventAttributes &&
        evts.some(
          (s) =>
            s.eventId === e.activityTaskCompletedEventAttributes!.scheduledEventId &&
            s.activityTaskScheduledEventAttributes?.activityType?.name === 'tools.call',
        ),
    );
    const scheduledBefore = evts
      .slice(0, firstDone)
      .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'tools.call').length;
    assert.equal(scheduledBefore, 3);
    assert.equal(result.toolCalls, 3);
  });

  it('gives a tool’s error to the model, which goes on', async () => {
    stack.useScript(
      agentScript((step, prompt) =>
        step === 1
          ? { calls: [calc('2 +')] }
          : { answer: /-> error: cannot evaluate/.test(prompt) ? 'saw the error' : 'missed it' },
      ),
    );
    const result = await (await stack.start(agentWorkflow, input({}))).result();
    assert.equal(result.steps[0]!.calls![0]!.status, 'error');
    assert.equal(result.answer, 'saw the error');
  });

  it('makes the last turn answer when maxSteps is reached', async () => {
    stack.useScript(
      agentScript((_step, _prompt, canCall) => (canCall ? { calls: [calc('1 + 1')] } : { answer: 'done' })),
    );
    const result = await (await stack.start(agentWorkflow, input({ maxSteps: 3 }))).result();
    assert.deepEqual(
      [result.stoppedBy, result.answer, result.steps.length, result.toolCalls],
      ['maxSteps', 'done', 3, 2],
    );
  });

  it('a side-effecting MCP tool waits for approval: edited arguments are what runs, a refusal is told', async () => {
    const write = (name: string, content: string) => ({
      tool: 'fs.write_file',
      arguments: { path: join(folder, name), content },
    });
    stack.useScript(
      agentScript((step, prompt) =>
        step === 1
          ? { calls: [write('a.txt', 'draft')] }
          : step === 2
            ? { calls: [write('b.txt', 'never')] }
            : { answer: /-> refused: refused by .*: not that one/.test(prompt) ? 'told' : 'not told' },
      ),
    );
    const handle = await stack.start(agentWorkflow, input({ tools: ['fs.write_file'] }));
    const gate = async (id: string) => {
      await waitUntil(
        async () => (await handle.query(pendingApprovalsQuery).catch(() => [])).some((g) => g.gate === id),
        60_000,
        `gate ${id}`,
      );
      const [pending] = await handle.query(pendingApprovalsQuery);
      return pending!;
    };
    const first = await gate('call-1-1');
    assert.deepEqual(first.details, {
      tool: 'fs.write_file',
      arguments: { path: join(folder, 'a.txt'), content: 'draft' },
    });
    assert.ok(!existsSync(join(folder, 'a.txt')), 'nothing runs before the decision');
    const url = (g: string) =>
      `${stack.baseUrl}/workflows/${encodeURIComponent(handle.workflowId)}/approvals/${g}`;
    assert.equal(
      (await http('POST', url('call-1-1'), { approved: true, edits: 'not an object' })).status,
      400,
    );
    const approved = await http('POST', url('call-1-1'), {
      approved: true,
      edits: { path: join(folder, 'a.txt'), content: 'final' },
    });
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    await gate('call-2-1');
    assert.equal(
      (await http('POST', url('call-2-1'), { approved: false, comment: 'not that one' })).status,
      200,
    );
    const result = await handle.result();
    assert.equal(readFileSync(join(folder, 'a.txt'), 'utf8'), 'final');
    assert.ok(!existsSync(join(folder, 'b.txt')));
    assert.deepEqual(
      [result.steps[0]!.calls![0]!.edited, result.steps[1]!.calls![0]!.status, result.answer],
      [true, 'refused', 'told'],
    );
  });

  it('a workflow worker restarted between a tool call and the next turn does not call the tool again', async () => {
    stack.useScript(
      agentScript(async (step) => {
        if (step === 1) return { calls: [calc('6 * 7')] };
        await scriptedDelay(1_500); // the next turn is in flight while the worker restarts
        return { answer: '42' };
      }),
    );
    const handle = await stack.start(agentWorkflow, input({}));
    await waitUntil(
      async () => {
        const evts = await events(handle);
        return (
          evts.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'llm.json')
            .length === 2
        );
      },
      60_000,
      'the second turn to be scheduled',
    );
    await stack.restartWorkflowWorker();
    const result = await handle.result();
    assert.equal(result.answer, '42');
    assert.equal((await toolCalls(handle)).length, 1);
  });

  it('an MCP server that dies mid-call: the call fails after its retries, the model is told, the server comes back', async () => {
    stack.useScript(
      agentScript((step, prompt) =>
        step === 1
          ? { calls: [{ tool: 'flaky.crash', arguments: { why: 'test' } }] }
          : step === 2
            ? {
                calls: [
                  { tool: 'flaky.echo', arguments: { text: 'back' } },
                  { tool: 'flaky.fail', arguments: { text: 'this' } },
                ],
              }
            : {
                answer:
                  prompt.includes('the call failed') && prompt.includes('echo: back') ? 'recovered' : 'no',
              },
      ),
    );
    const result = await (
      await stack.start(agentWorkflow, input({ tools: ['flaky.crash', 'flaky.echo', 'flaky.fail'] }))
    ).result();
    assert.deepEqual(
      result.steps.flatMap((s) => s.calls ?? []).map((c) => c.status),
      ['error', 'ok', 'error'],
    );
    assert.equal(result.answer, 'recovered');
  });

  it('fans out on its own with run.pattern: a child scatter-gather run, its answers as the result', async () => {
    stack.useScript({
      ...agentScript((step, prompt) =>
        step === 1
          ? {
              calls: [
                { tool: 'run.pattern', arguments: { pattern: 'scatter-gather', prompts: ['red?', 'blue?'] } },
              ],
            }
          : step === 2
            ? {
                calls: [
                  {
                    tool: 'run.pattern',
                    arguments: { pattern: 'map-reduce', instruction: 'Shout', items: ['a', 'b', 'c'] },
                  },
                ],
              }
            : { answer: prompt.includes('["answer to red?","answer to blue?"]') ? 'both' : 'missing' },
      ),
      'llm.generate': (input) => ({ text: `answer to ${input.prompt.replace('Shout\n\n', '')}` }),
    });
    const handle = await stack.start(agentWorkflow, input({ tools: ['run.pattern'] }));
    const result = await handle.result();
    assert.equal(result.answer, 'both');
    assert.deepEqual(
      result.steps.flatMap((s) => s.calls ?? []).map((c) => c.result),
      ['["answer to red?","answer to blue?"]', '["answer to a","answer to b","answer to c"]'],
    );
    const children = [];
    for await (const wf of stack.env.client.workflow.list({
      query: `WorkflowId STARTS_WITH '${handle.workflowId}/'`,
    }))
      children.push(wf.type);
    assert.deepEqual(children.sort(), ['mapReduceWorkflow', 'scatterGatherWorkflow']);
  });

  it('unknown tools: a 400 from the API naming the field, a clear failure when started directly', async () => {
    const r = await http('POST', `${stack.baseUrl}/agents/run`, {
      goal: 'x',
      tools: ['math.evaluate', 'nope.tool'],
    });
    assert.equal(r.status, 400);
    assert.match(String(r.body.message), /body\.tools\[1\]: unknown tool "nope\.tool"/);
    // The agents pipeline's tool-using agents are checked the same way, through the same catalog.
    const team = await http('POST', `${stack.baseUrl}/pipelines/agents`, {
      goal: 'x',
      agents: [{ name: 'calc', role: 'computes', tools: ['math.evaluate', 'nope.tool'] }],
    });
    assert.equal(team.status, 400);
    assert.match(String(team.body.message), /body\.agents\[0\]\.tools\[1\]: unknown tool "nope\.tool"/);
    const bad = await http('POST', `${stack.baseUrl}/agents/run`, { goal: 'x', tools: ['no dot'] });
    assert.equal(bad.status, 400);
    assert.match(JSON.stringify(bad.body.message), /body\.tools\[0\]/);
    await assert.rejects(
      (await stack.start(agentWorkflow, input({ tools: ['nope.tool'] }))).result(),
      failedWith('UnknownTool'),
    );
  });

  it('continues as new past stepsPerRun, carrying the conversation', async () => {
    stack.useScript(
      agentScript((step, _prompt, canCall) =>
        canCall ? { calls: [calc(`${step} * 10`)] } : { answer: 'end' },
      ),
    );
    const handle = await stack.start(agentWorkflow, input({ maxSteps: 5, stepsPerRun: 2 }));
    const result = await handle.result();
    assert.deepEqual(
      result.steps.map((s) => s.calls?.[0]?.result ?? s.answer),
      ['10', '20', '30', '40', 'end'],
    );
    const described = await handle.describe();
    const first = (handle as unknown as { firstExecutionRunId: string }).firstExecutionRunId;
    assert.notEqual(described.runId, first, 'the result came from a continued run');
    // The API starts it too, with the shared limits: a body over them is a 400 naming the field.
    const tooMany = await http('POST', `${stack.baseUrl}/agents/run`, {
      goal: 'x',
      tools: [],
      maxSteps: 1000,
    });
    assert.equal(tooMany.status, 400);
    assert.match(JSON.stringify(tooMany.body.message), /body\.maxSteps/);
  });
});
