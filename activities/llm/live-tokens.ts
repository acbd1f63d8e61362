import { Context } from '@temporalio/activity';
import { WorkflowStreamClient } from '@temporalio/workflow-streams/client';
import { LIVE_TOPIC } from '../../workflows/contracts/index.js';
import type { LiveEvent, LiveTarget } from '../../workflows/contracts/index.js';

/**
 * Publishes a model call's text to its run's live stream as `token` events, each one piece of
 * text (generateTurn hands them out about every 100 ms), sent at once (one signal a piece). A
 * retried attempt first publishes `branch.reset`, so a client drops what the failed attempt
 * had streamed. `close()` returns once everything is in the run's log, before the activity
 * completes, so a branch's tokens always come before its `branch.finished`.
 */
export class LiveTokens {
  private readonly client: WorkflowStreamClient;
  private readonly topic;

  private constructor(
    private readonly target: LiveTarget,
    private readonly model: string,
  ) {
    this.client = WorkflowStreamClient.create(Context.current().client, target.workflowId, {
      batchInterval: '100 milliseconds',
    });
    this.topic = this.client.topic<LiveEvent>(LIVE_TOPIC);
  }

  /** A publisher when the input asks for live tokens (and a Temporal client is at hand). */
  static forInput(input: { live?: unknown }, model: string): LiveTokens | undefined {
    const live = input.live as Partial<LiveTarget> | undefined;
    if (typeof live?.workflowId !== 'string' || typeof live.path !== 'string') return undefined;
    let ctx: Context;
    try {
      ctx = Context.current();
      if (!ctx.client) return undefined;
    } catch {
      return undefined;
    }
    // Only into the stream of the run that scheduled this call: whatever the input says, a call
    // cannot write into another run's stream.
    if (ctx.info.workflowExecution?.workflowId !== live.workflowId) return undefined;
    const tokens = new LiveTokens({ workflowId: live.workflowId, path: live.path }, model);
    if (ctx.info.attempt > 1)
      tokens.topic.publish(
        { type: 'branch.reset', path: live.path, attempt: ctx.info.attempt },
        { forceFlush: true },
      );
    return tokens;
  }

  text(delta: string): void {
    this.topic.publish(
      { type: 'token', path: this.target.path, model: this.model, text: delta },
      { forceFlush: true },
    );
  }

  async close(): Promise<void> {
    await this.client[Symbol.asyncDispose]();
  }
}
