import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WORKFLOW_TYPES } from '../../workflows/contracts/index.js';
import type { EchoOutput } from '../../workflows/contracts/index.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

describe('echo workflow on a real dev server', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack();
  });
  after(async () => {
    await stack?.teardown();
  });

  it('runs its activity on the CPU queue and returns the message', async () => {
    const result = await stack.env.client.workflow.execute<(i: { message: string }) => Promise<EchoOutput>>(
      WORKFLOW_TYPES.echo,
      { taskQueue: stack.queues.workflows, workflowId: `echo-${Date.now()}`, args: [{ message: 'hello' }] },
    );
    assert.deepEqual(result, { message: 'hello', echoedBy: 'util.echo' });
  });

  it('records the activity on the CPU task queue in history', async () => {
    const handle = await stack.env.client.workflow.start(WORKFLOW_TYPES.echo, {
      taskQueue: stack.queues.workflows,
      workflowId: `echo-history-${Date.now()}`,
      args: [{ message: 'x' }],
    });
    await handle.result();
    const history = await handle.fetchHistory();
    const scheduled = history.events?.find((e) => e.activityTaskScheduledEventAttributes);
    assert.equal(scheduled?.activityTaskScheduledEventAttributes?.taskQueue?.name, stack.queues.cpu);
    assert.equal(scheduled?.activityTaskScheduledEventAttributes?.activityType?.name, 'util.echo');
  });
});
