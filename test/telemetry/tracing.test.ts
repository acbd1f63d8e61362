import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { http, waitForResult } from '../../runtime/http-client.js';
import { startOtlpReceiver } from '../../telemetry/otlp-receiver.js';
import type { ReceivedSpan } from '../../telemetry/otlp-receiver.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';
import { activeTracing } from '../../telemetry/tracing.js';

// Traces end to end: the API, its Temporal client, the workflow (traced bundle) and the activity
// on the CPU worker, exported over OTLP/HTTP to a receiver in this process.
describe('OpenTelemetry traces', () => {
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let stack: Stack;
  before(async () => {
    receiver = await startOtlpReceiver();
    stack = await startStack({ api: true, env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url } });
  });
  after(async () => {
    await stack?.teardown();
    await receiver?.close();
  });

  it('puts the HTTP request, the workflow run and its activity in one trace', async () => {
    const started = await http('POST', `${stack.baseUrl}/workflows/echo`, { message: 'traced' });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const done = await waitForResult(stack.baseUrl, started.body.workflowId, 30_000);
    assert.equal(done.body.status, 'COMPLETED');
    await activeTracing()!.spanProcessor.forceFlush();
    const find = (name: string): ReceivedSpan => {
      const span = receiver.spans.find((s) => s.name === name);
      assert.ok(span, `no span "${name}" among ${receiver.spans.map((s) => s.name).join(', ')}`);
      return span;
    };
    const request = find('POST /workflows/echo');
    const workflow = find('RunWorkflow:echoWorkflow');
    const activity = find('RunActivity:util.echo');
    assert.equal(workflow.traceId, request.traceId);
    assert.equal(activity.traceId, request.traceId);
    // Parent links all the way down: request → client start → workflow → schedule → activity.
    const byId = new Map(receiver.spans.map((s) => [s.spanId, s]));
    const ancestors = (s: ReceivedSpan): string[] => {
      const parent = s.parentSpanId ? byId.get(s.parentSpanId) : undefined;
      return parent ? [parent.name, ...ancestors(parent)] : [];
    };
    assert.deepEqual(ancestors(activity).slice(-2), ['StartWorkflow:echoWorkflow', 'POST /workflows/echo']);
    assert.ok(ancestors(activity).includes('RunWorkflow:echoWorkflow'), ancestors(activity).join(' < '));
  });
});
