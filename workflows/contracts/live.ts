import type { Sinks } from '@temporalio/workflow';
import type { WorkflowStreamState } from '@temporalio/workflow-streams/workflow';
// Live events of a run: what its Workflow Stream (@temporalio/workflow-streams) carries, on one
// topic. Every event names the branch it belongs to by a `path` ("" for the run itself,
// "tasks/<id>" for a scatter-gather task, "nodes/<id>" for a DAG node), so a client can lay the
// branches side by side. `token` events come from the LLM activities themselves.

export const LIVE_TOPIC = 'events';

/** "events" (the default): steps only; "tokens": also the text of every model call as it is generated. */
export const LIVE_MODES = ['events', 'tokens'] as const;
export type LiveMode = (typeof LIVE_MODES)[number];

/** Where an LLM activity publishes its tokens: the run hosting the stream, and the branch. */
export interface LiveTarget {
  workflowId: string;
  path: string;
}

/** A branch's output is sent with its `branch.finished` event only when its JSON is this small. */
export const LIVE_INLINE_OUTPUT_BYTES = 2_048;

/**
 * Every event carries `at`: when it was published (ms since the epoch; the workflow's clock, so a
 * replay gives the same; for `token` events the activity's clock). Timelines are drawn from it.
 */
export type LiveEvent = LiveEventBody & { at?: number };

type LiveEventBody =
  | { type: 'run.started'; path: ''; workflowType: string; mode: LiveMode }
  /** A pipeline's stage begins (tasks: how many it runs). */
  | { type: 'stage'; path: ''; stage: string; tasks: number }
  | { type: 'run.finished'; path: ''; status: 'completed' | 'failed'; error?: string }
  | { type: 'branch.started'; path: string }
  | {
      type: 'branch.finished';
      path: string;
      status: 'succeeded' | 'failed' | 'cancelled';
      durationMs: number;
      output?: unknown;
      error?: string;
    }
  /** `at`: when the activity handed the piece out (ms since the epoch), for lag measurements. */
  | { type: 'token'; path: string; model: string; text: string; at: number }
  /** An attempt that may have published tokens failed and is retried: drop the branch's text so far. */
  | { type: 'branch.reset'; path: string; attempt: number }
  /** Counts of a run that works through many items (map-reduce, batch, a stream's windows). */
  | { type: 'progress'; path: string; done: number; failed: number; total?: number }
  | { type: 'approval.requested'; path: string; title: string }
  | { type: 'approval.decided'; path: string; approved: boolean; by: string }
  /** An agent's model turn: its final answer, or the tool calls it asks for (run in parallel). */
  | {
      type: 'agent.turn';
      path: string;
      step: number;
      answer?: string;
      calls?: Array<{ id: string; tool: string; arguments: unknown }>;
    }
  /** A tool call's outcome (the result cut to 500 characters). */
  | { type: 'tool.result'; path: string; tool: string; status: 'ok' | 'error' | 'refused'; result: string };

export type LiveEventType = LiveEvent['type'];
export const LIVE_EVENT_TYPES: readonly LiveEventType[] = [
  'run.started',
  'stage',
  'run.finished',
  'branch.started',
  'branch.finished',
  'token',
  'branch.reset',
  'progress',
  'approval.requested',
  'approval.decided',
  'agent.turn',
  'tool.result',
];

/** A run's whole log as it closes (the wire form of its Workflow Stream): what a replay recovers. */
export interface LiveLogSnapshot {
  baseOffset: number;
  /** Base64-encoded Payload protobufs, in offset order from baseOffset. */
  items: Array<{ topic: string; data: string }>;
}

/**
 * The sink a live run reports its closing log to. Workers register it as a no-op; the API
 * registers it when it replays a closed run's history to serve its events again.
 */
export interface LiveSinks extends Sinks {
  live: { closed(log: LiveLogSnapshot): void };
}

/** What a live run carries across continue-as-new: its stream's state (the Workflow Streams wire form). */
export type LiveCarry = WorkflowStreamState;
