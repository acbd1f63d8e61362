import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowStreamClient } from '@temporalio/workflow-streams/client';
import { LIVE_TOPIC } from '../../workflows/contracts/index.js';
import type { LiveEvent, LiveTarget } from '../../workflows/contracts/index.js';

/**
 * How often the text of a run's model calls reaches it: one signal per run per interval, however
 * many of its calls stream at once (16 calls each sending its own every 100 ms cost about one
 * history event per token and a fifth of the throughput on 2 cores).
 */
const BATCH_INTERVAL = '200 milliseconds';

interface Shared {
  client: WorkflowStreamClient;
  users: number;
}

/** One publisher per run in this process, shared by the calls that stream into it. */
const publishers = new Map<string, Shared>();

function acquire(temporal: Client, workflowId: string): WorkflowStreamClient {
  let shared = publishers.get(workflowId);
  if (!shared) {
    shared = {
      // A run that has closed meanwhile takes no more text: give up on it soon, never fail the call.
      client: WorkflowStreamClient.create(temporal, workflowId, {
        batchInterval: BATCH_INTERVAL,
        maxRetryDuration: '10 seconds',
      }),
      users: 0,
    };
    publishers.set(workflowId, shared);
  }
  shared.users++;
  return shared.client;
}

async function release(workflowId: string): Promise<void> {
  const shared = publishers.get(workflowId)!;
  try {
    // This call's text is in the run's log before the activity completes (its branch.finished
    // comes after it); the others' buffered text goes along.
    await shared.client.flush();
  } finally {
    if (--shared.users === 0 && publishers.get(workflowId) === shared) {
      publishers.delete(workflowId);
      await shared.client[Symbol.asyncDispose]();
    }
  }
}

/**
 * Publishes a model call's text to its run's live stream as `token` events, each one piece of
 * text (generateTurn hands them out about every 100 ms), batched per run. A retried attempt
 * first publishes `branch.reset`, so a client drops what the failed attempt had streamed.
 * `close()` returns once this call's text is in the run's log.
 */
export class LiveTokens {
  private readonly topic;

  private constructor(
    private readonly target: LiveTarget,
    private readonly model: string,
    client: WorkflowStreamClient,
  ) {
    this.topic = client.topic<LiveEvent>(LIVE_TOPIC);
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
    // Only into the stream of the run that scheduled this call (or the root of its tree):
    // whatever the input says, a call cannot write into another run's stream.
    const own = ctx.info.workflowExecution?.workflowId;
    if (own === undefined || (own !== live.workflowId && !own.startsWith(`${live.workflowId}/`)))
      return undefined;
    const target = { workflowId: live.workflowId, path: live.path };
    const tokens = new LiveTokens(target, model, acquire(ctx.client, target.workflowId));
    if (ctx.info.attempt > 1)
      tokens.topic.publish(
        { type: 'branch.reset', path: live.path, attempt: ctx.info.attempt },
        { forceFlush: true },
      );
    return tokens;
  }

  text(delta: string): void {
    this.topic.publish({
      type: 'token',
      path: this.target.path,
      model: this.model,
      text: delta,
      at: Date.now(),
    });
  }

  /** Never fails: streaming is a view of the call, not part of its result. */
  close(): Promise<void> {
    return release(this.target.workflowId).catch(() => undefined);
  }
}
