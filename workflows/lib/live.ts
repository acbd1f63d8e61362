import {
  AsyncLocalStorage,
  allHandlersFinished,
  ApplicationFailure,
  condition,
  ContinueAsNew,
  getExternalWorkflowHandle,
  isCancellation,
  proxySinks,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import {
  encodePayloadWire,
  WorkflowStream,
  workflowStreamPollUpdate,
  workflowStreamPublishSignal,
} from '@temporalio/workflow-streams/workflow';
import { defaultPayloadConverter } from '@temporalio/common';
import type { PollInput, PollResult, WorkflowStreamState } from '@temporalio/workflow-streams/workflow';
import { LIVE_INLINE_OUTPUT_BYTES, LIVE_TOPIC } from '../contracts/index.js';
import type { LiveCarry, LiveEvent, LiveMode, LiveSinks, LiveTarget } from '../contracts/index.js';
import { failureMessage } from './run-task.js';
import { ERROR_TYPES } from '../contracts/error-types.js';

/** The branch the code running now belongs to: calls made inside it stream their tokens there. */
const currentBranch = new AsyncLocalStorage<string>();

/** The path of the branch running now (set by liveBranch, so scatterGather and runGraph set it). */
export function currentLivePath(): string | undefined {
  return currentBranch.getStore();
}

// The run's live events on its Workflow Stream. Module state is private to each workflow
// execution, so the library publishes branch events without the stream being threaded through.
let stream: WorkflowStream | undefined;
let mode: LiveMode = 'events';

/**
 * A child run of a live run (a nested pattern) hosts no stream of its own: its events go to the
 * root's stream, under the path of the branch it runs for. The parent says so in the child's memo.
 */
export const LIVE_MEMO_KEY = 'live';
interface LiveMemo {
  root: string;
  mode: LiveMode;
  path: string;
}
let forward: LiveMemo | undefined;
let forwardSequence = 0;
let forwardPending: LiveEvent[] = [];
/** The signal on its way to the root, if any: the next waits for it. */
let forwardInFlight: Promise<void> | undefined;

function liveMemoOf(value: unknown): LiveMemo | undefined {
  const m = value as Partial<LiveMemo> | undefined;
  return typeof m?.root === 'string' &&
    typeof m.path === 'string' &&
    (m.mode === 'events' || m.mode === 'tokens')
    ? { root: m.root, mode: m.mode, path: m.path }
    : undefined;
}

/**
 * Sends the events published so far to the root's stream, one signal at a time: the stream drops
 * a publisher's signal whose sequence number is not above the last it took, and two signals in
 * flight at once may arrive in either order (the server delivers them independently), so a
 * second one waits for the first. Events published meanwhile go together in the next.
 */
function flushForward(): void {
  if (forwardInFlight || forwardPending.length === 0) return;
  const events = forwardPending;
  forwardPending = [];
  const info = workflowInfo();
  forwardInFlight = getExternalWorkflowHandle(forward!.root)
    .signal(workflowStreamPublishSignal, {
      items: events.map((e) => ({
        topic: LIVE_TOPIC,
        data: encodePayloadWire(defaultPayloadConverter.toPayload(e)),
      })),
      publisher_id: `${info.workflowId}:${info.runId}`,
      sequence: ++forwardSequence,
    })
    .catch(() => undefined) // the root has closed: nobody is listening
    .then(() => {
      forwardInFlight = undefined;
      flushForward();
    });
}

/** Until every event published so far has been sent to the root. */
async function drainForward(): Promise<void> {
  flushForward();
  while (forwardInFlight) await forwardInFlight;
}

/** The memo entry for a child run of branch `path`: where its events go, or undefined when this run is not live. */
export function childLiveMemo(path: string | undefined): Record<string, LiveMemo> {
  if (path === undefined) return {};
  if (forward) return { [LIVE_MEMO_KEY]: { ...forward, path: `${forward.path}/${path}` } };
  if (stream) return { [LIVE_MEMO_KEY]: { root: workflowInfo().workflowId, mode, path } };
  return {};
}
/** Polls in progress, by a sequence number: the offset each reads from. */
const polls = new Map<number, number>();
let pollCount = 0;

/** The stream's internals this module watches (the package keeps them private). */
interface StreamInternals {
  onPoll(input: PollInput): Promise<PollResult>;
  draining: boolean;
  baseOffset: number;
  log: unknown[];
}

/**
 * Opens the stream, with its poll handler wrapped to note where the polls in progress read
 * from: at the end the run waits (briefly) until its subscribers have everything, so none misses
 * the last events because the run closed between two of its polls.
 */
function openStream(prior?: WorkflowStreamState): WorkflowStream {
  const s = new WorkflowStream(prior);
  const internals = s as unknown as StreamInternals;
  setHandler(
    workflowStreamPollUpdate,
    async (input: PollInput) => {
      const id = pollCount++;
      polls.set(id, input.from_offset);
      try {
        return await internals.onPoll(input);
      } finally {
        polls.delete(id);
      }
    },
    {
      validator: (_input: PollInput) => {
        if (internals.draining)
          throw ApplicationFailure.create({
            message: 'Workflow is draining for continue-as-new',
            type: ERROR_TYPES.StreamDraining,
            nonRetryable: true,
          });
      },
    },
  );
  return s;
}

/** The offset the next published event will have. */
function nextOffset(s: WorkflowStream): number {
  const internals = s as unknown as StreamInternals;
  return internals.baseOffset + internals.log.length;
}

/** Publishes an event to this run's stream (nothing when the run hosts none). */
export function publishLive(unstamped: LiveEvent): void {
  // Workflow time: the same on replay, so a closed run's log recovered by replay is identical.
  const event = { at: Date.now(), ...unstamped } as LiveEvent;
  if (forward) {
    if (event.path === '') return; // the parent's branch events stand for this run
    forwardPending.push({ ...event, path: `${forward.path}/${event.path}` } as LiveEvent);
    if (forwardPending.length === 1) void Promise.resolve().then(flushForward);
    return;
  }
  stream?.topic<LiveEvent>(LIVE_TOPIC).publish(event);
}

/** Where an LLM activity of branch `path` publishes its tokens, when this run streams tokens. */
export function liveTokenTarget(path: string | undefined): LiveTarget | undefined {
  if (forward && forward.mode === 'tokens' && path !== undefined)
    return { workflowId: forward.root, path: `${forward.path}/${path}` };
  if (!stream || mode !== 'tokens' || path === undefined) return undefined;
  return { workflowId: workflowInfo().workflowId, path };
}

/**
 * Runs a workflow body with a live stream: `run.started`, the library's branch events, then
 * `run.finished`. Call it first thing in the workflow function (the stream's handlers must be
 * registered before anything else happens). Subscribers waiting at the end get the last events
 * before the run closes.
 */
export async function liveRun<T>(
  liveMode: LiveMode | undefined,
  body: () => Promise<T>,
  options: LiveRunOptions = {},
): Promise<T> {
  forward = liveMemoOf(workflowInfo().memo?.[LIVE_MEMO_KEY]);
  // A run the library splits work into (a map-reduce tree's child) is part of its parent's run.
  if (!forward && options.partOfParent && workflowInfo().parent) return body();
  if (forward) {
    try {
      return await body();
    } finally {
      // The last events leave before the run closes (a command after completion is dropped).
      await drainForward();
    }
  }
  stream = openStream(options.prior);
  mode = liveMode ?? 'events';
  if (!options.prior)
    publishLive({ type: 'run.started', path: '', workflowType: workflowInfo().workflowType, mode });
  let finished: LiveEvent;
  try {
    const result = await body();
    finished = { type: 'run.finished', path: '', status: 'completed' };
    return result;
  } catch (err) {
    // Continued as new: the stream goes on in the next run (see liveHandOver).
    if (err instanceof ContinueAsNew) throw err;
    finished = { type: 'run.finished', path: '', status: 'failed', error: failureMessage(err) };
    throw err;
  } finally {
    if (finished! !== undefined) await closeStream(finished!);
  }
}

export interface LiveRunOptions {
  /** The stream's state from the run this one continues (see liveHandOver). */
  prior?: LiveCarry;
  /** A child run this workflow starts for itself (a map-reduce tree) hosts no stream. */
  partOfParent?: boolean;
}

/**
 * Closes the stream: publishes run.finished, hands the whole log to the sink (a replay of this
 * history serves it again once the run has closed), lets subscribers read the last events (polls
 * waiting behind the end return them at once; the run closes once every poll in progress waits
 * past the end, as a subscriber that has read run.finished polls once more to say so: at most
 * 2 s, none when nobody subscribed), then refuses new polls.
 */
async function closeStream(finished: LiveEvent): Promise<void> {
  const s = stream!;
  publishLive(finished);
  const state = s.getState();
  proxySinks<LiveSinks>().live.closed({
    baseOffset: state.base_offset,
    items: state.log.map(({ topic, data }) => ({ topic, data })),
  });
  const end = nextOffset(s);
  const caughtUp = () => polls.size > 0 && [...polls.values()].every((from) => from >= end);
  if (pollCount > 0) await condition(caughtUp, '2 seconds');
  s.detachPollers();
  await condition(allHandlersFinished);
}

/** Events a continued run keeps for subscribers that are behind (older ones are dropped). */
const CARRIED_EVENTS = 500;

/**
 * Before continuing as new: stops the polls (subscribers retry and land on the next run) and
 * returns the stream's state, its log cut to the last events, for `liveRun`'s `prior`.
 */
export async function liveHandOver(): Promise<LiveCarry | undefined> {
  if (!stream) return undefined;
  const s = stream;
  const end = nextOffset(s);
  if (end - CARRIED_EVENTS > (s as unknown as StreamInternals).baseOffset) s.truncate(end - CARRIED_EVENTS);
  s.detachPollers();
  await condition(allHandlersFinished);
  return s.getState();
}

function smallOutput(output: unknown): { output?: unknown } {
  const json = JSON.stringify(output);
  return json !== undefined && json.length <= LIVE_INLINE_OUTPUT_BYTES ? { output } : {};
}

/** Runs one branch of the run, publishing `branch.started` and `branch.finished` around it. */
export async function liveBranch<T>(path: string, run: () => Promise<T>): Promise<T> {
  if (!stream && !forward) return currentBranch.run(path, run);
  const started = Date.now();
  publishLive({ type: 'branch.started', path });
  try {
    const output = await currentBranch.run(path, run);
    publishLive({
      type: 'branch.finished',
      path,
      status: 'succeeded',
      durationMs: Date.now() - started,
      ...smallOutput(output),
    });
    return output;
  } catch (err) {
    publishLive({
      type: 'branch.finished',
      path,
      status: isCancellation(err) ? 'cancelled' : 'failed',
      durationMs: Date.now() - started,
      error: failureMessage(err),
    });
    throw err;
  }
}

/** Progress events at most this often (workflow time): a run of thousands of batches stays quiet. */
const PROGRESS_EVERY_MS = 1_000;
let progressAt = -Infinity;

/** Publishes the run's counts (`progress`, path ""), at most once a second unless `final`. */
export function publishProgress(
  counts: { done: number; failed: number; total?: number },
  final = false,
): void {
  const now = Date.now();
  if (!final && now - progressAt < PROGRESS_EVERY_MS) return;
  progressAt = now;
  publishLive({ type: 'progress', path: '', ...counts });
}
