import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  log,
  makeContinueAsNewFunc,
  setHandler,
} from '@temporalio/workflow';
import {
  BATCH_RECORD_FIELD,
  MarkerError,
  NO_OUTPUTS,
  resolveMarkers,
  COLLECT_REDUCER,
  progressQuery,
  STREAM_DEFAULTS,
  STREAM_REFUSALS,
  streamDrainUpdate,
  streamEventsUpdate,
  streamStateQuery,
} from '../../contracts/index.js';
import type {
  MapperSpec,
  StreamAnalyzer,
  StreamCarry,
  StreamEventsInput,
  StreamPipelineInput,
  StreamState,
  StreamWindow,
} from '../../contracts/index.js';
import { runBatch } from '../../lib/activity-runner.js';
import { failureMessage } from '../../lib/run-task.js';
import { roundTo } from '../../lib/format.js';
import { historyNearLimit } from '../../lib/history-budget.js';
import { MicroBatcher } from '../../lib/micro-batcher.js';
import type { Buffered } from '../../lib/micro-batcher.js';
import { percentile } from '../../lib/percentile.js';
import { RecentIds } from '../../lib/recent-ids.js';
import { inheritedMemo } from '../../lib/routing.js';
import { recordUsage, runUsage } from '../../lib/usage-tracker.js';
import { addCounts, MAX_LABELS, readOutputs, rollingOf } from './stream-aggregates.js';
import { liveHandOver, liveRun, publishProgress } from '../../lib/live.js';

// A run hands over to the next well before Temporal's limits: 2 000 Updates a run, and a
// history that stays quick to replay.
const HISTORY_EVENTS_SOFT_LIMIT = 4_000;
const UPDATES_PER_RUN = 1_000;
const LATENCY_SAMPLES = 2_000;

type Sequenced = { id: string; seq: number; value: unknown };

/** Events a second over the retained windows: from the first one's first acceptance to the last analysis. */
function recentRate(windows: readonly StreamWindow[]): number {
  if (windows.length === 0) return 0;
  const events = windows.reduce((n, w) => n + w.events, 0);
  const from = Math.min(...windows.map((w) => w.firstAcceptedAtMs));
  const to = Math.max(...windows.map((w) => w.analysedAtMs));
  return roundTo(events / Math.max(0.001, (to - from) / 1000), 1);
}

/** Each event's activity input: the params with the event's field (or the template over the event). */
function mapperOf(analyzer: StreamAnalyzer): MapperSpec {
  const { activity, params, template } = analyzer;
  const field = activity === 'text.wordCount' ? undefined : BATCH_RECORD_FIELD[activity];
  if (template !== undefined) {
    const text = { $template: template };
    return { activity, input: field ? { ...params, [field]: text } : text };
  }
  return field ? { activity, params: { ...params }, itemField: field } : { activity };
}

/**
 * Stream processing: one long-running run per named stream. Events are delivered by Update,
 * de-duplicated by id, and acknowledged once accepted into the run's state (so durably in its
 * history); a full buffer refuses the delivery instead of dropping anything. A micro-batcher
 * cuts batches by size or time and analyses each — one batch activity on the analyzer's queue —
 * while the next fills. The run keeps rolling aggregates for the query, and continues as new
 * before its history grows large, carrying them and the recent ids; a drain Update stops it
 * once every accepted event is analysed.
 */
export function streamPipelineWorkflow(
  input: StreamPipelineInput,
  carry?: StreamCarry,
): Promise<StreamState> {
  return liveRun(undefined, () => stream(input, carry), carry?.live ? { prior: carry.live } : {});
}

async function stream(input: StreamPipelineInput, carry?: StreamCarry): Promise<StreamState> {
  const window = { ...STREAM_DEFAULTS.window, ...input.window };
  const retention = { ...STREAM_DEFAULTS.retention, ...input.retention };
  const field =
    input.analyzer.template === undefined ? (input.analyzer.field ?? STREAM_DEFAULTS.field) : undefined;
  const s: StreamCarry = carry ?? {
    generation: 0,
    nextSeq: 0,
    nextWindow: 0,
    accepted: 0,
    duplicates: 0,
    processed: 0,
    failed: 0,
    totals: { labels: {} },
    windows: [],
    latest: [],
    latencies: [],
    recentIds: [],
    usage: runUsage(),
  };
  if (carry) recordUsage(carry.usage);
  const recent = new RecentIds(retention.dedupIds, s.recentIds);
  const mapper = mapperOf(input.analyzer);
  let draining = false;
  let updates = 0;
  const rollingOver = () =>
    !draining && (updates >= UPDATES_PER_RUN || historyNearLimit(HISTORY_EVENTS_SOFT_LIMIT));

  const analyse = async (batch: Array<Buffered<Sequenced>>): Promise<void> => {
    const seq = s.nextWindow++;
    const cutAtMs = Date.now();
    let outputs: unknown[] = [];
    let failed = 0;
    let error: string | undefined;
    try {
      const out = await runBatch({
        source: { type: 'inline', items: batch.map((b) => b.item.value) },
        start: 0,
        end: batch.length,
        mapper,
        reducer: COLLECT_REDUCER,
        onItemFailure: 'skip',
      });
      outputs = (out.value as unknown[] | undefined) ?? [];
      failed = out.failed;
    } catch (err) {
      // The analyzer failed past its retries: the window is counted failed, the stream goes on.
      failed = batch.length;
      error = failureMessage(err);
    }
    const analysedAtMs = Date.now();
    const read = readOutputs(
      input.analyzer.activity,
      outputs,
      batch.map((b) => b.item),
    );
    const w: StreamWindow = {
      seq,
      firstSeq: batch[0]!.item.seq,
      lastSeq: batch[batch.length - 1]!.item.seq,
      events: batch.length,
      failed,
      firstAcceptedAtMs: batch[0]!.acceptedAtMs,
      cutAtMs,
      analysedAtMs,
      ...(read.labels ? { labels: read.labels } : {}),
      ...(read.terms ? { terms: read.terms } : {}),
      ...(error ? { error } : {}),
    };
    s.windows = [...s.windows, w].sort((a, b) => a.seq - b.seq).slice(-retention.windows);
    s.latest = [...s.latest, ...read.latest].slice(-retention.latest);
    if (read.labels) addCounts(s.totals.labels, read.labels, MAX_LABELS);
    s.latencies = [...s.latencies, ...batch.map((b) => analysedAtMs - b.acceptedAtMs)].slice(
      -LATENCY_SAMPLES,
    );
    s.processed += batch.length - failed;
    s.failed += failed;
    publishProgress({ done: s.processed + s.failed, failed: s.failed });
    log.debug('stream window analysed', {
      window: seq,
      events: batch.length,
      failed,
      ms: analysedAtMs - cutAtMs,
    });
  };

  const batcher = new MicroBatcher<Sequenced>({
    maxItems: window.maxItems,
    maxWaitMs: window.maxWaitMs,
    maxConcurrency: input.maxConcurrency ?? STREAM_DEFAULTS.maxConcurrency,
    capacity: input.maxBuffered ?? STREAM_DEFAULTS.maxBuffered,
    process: analyse,
  });

  const state = (): StreamState => {
    return {
      name: input.name,
      status: draining
        ? batcher.pendingCount + batcher.inFlightCount > 0
          ? 'draining'
          : 'stopped'
        : rollingOver()
          ? 'rolling-over'
          : 'running',
      analyzer: input.analyzer.activity,
      generation: s.generation,
      accepted: s.accepted,
      duplicates: s.duplicates,
      processed: s.processed,
      failed: s.failed,
      pending: batcher.pendingCount,
      inFlight: batcher.inFlightCount,
      eventsPerSecond: recentRate(s.windows),
      latencyMs: {
        p50: percentile(s.latencies, 50),
        p99: percentile(s.latencies, 99),
        samples: s.latencies.length,
      },
      rolling: rollingOf(s.windows),
      totals: s.totals,
      latest: s.latest,
      windows: s.windows,
      usage: runUsage(),
    };
  };

  const validate = ({ events }: StreamEventsInput): void => {
    if (draining)
      throw ApplicationFailure.nonRetryable(
        'the stream is draining: it accepts no more events',
        STREAM_REFUSALS.stopping,
      );
    if (rollingOver())
      throw ApplicationFailure.nonRetryable(
        'the stream is handing over to its next run: retry in a moment',
        STREAM_REFUSALS.rollingOver,
      );
    const problems = field
      ? events.flatMap((e, i) =>
          typeof e[field] === 'string' && e[field] !== ''
            ? []
            : [`body.events[${i}].${field}: must be a non-empty string (the analyzer reads it)`],
        )
      : events.flatMap((e, i) => templateProblems(input.analyzer.template, e, i));
    if (problems.length > 0)
      throw ApplicationFailure.create({
        message: problems.join('; '),
        type: STREAM_REFUSALS.invalid,
        nonRetryable: true,
        details: problems,
      });
    const fresh = new Set(events.map((e) => e.id).filter((id) => !recent.has(id)));
    if (fresh.size > batcher.room())
      throw ApplicationFailure.create({
        message: `the stream's buffer is full (${batcher.room()} of ${input.maxBuffered ?? STREAM_DEFAULTS.maxBuffered} places free, ${fresh.size} new events): retry later`,
        type: STREAM_REFUSALS.bufferFull,
        nonRetryable: true,
        details: [{ retryAfterMs: window.maxWaitMs }],
      });
  };

  setHandler(
    streamEventsUpdate,
    ({ events }) => {
      updates++;
      const accepted: Sequenced[] = [];
      for (const e of events) {
        if (recent.has(e.id)) continue;
        recent.add(e.id);
        accepted.push({ id: e.id, seq: s.nextSeq++, value: field ? e[field] : e });
      }
      batcher.push(accepted);
      s.accepted += accepted.length;
      s.duplicates += events.length - accepted.length;
      return {
        accepted: accepted.length,
        duplicates: events.length - accepted.length,
        ...(accepted.length > 0
          ? { firstSeq: accepted[0]!.seq, lastSeq: accepted[accepted.length - 1]!.seq }
          : {}),
        buffered: batcher.pendingCount + batcher.inFlightCount,
      };
    },
    { validator: validate },
  );
  setHandler(streamDrainUpdate, () => {
    draining = true;
    return { pending: batcher.pendingCount, inFlight: batcher.inFlightCount };
  });
  setHandler(streamStateQuery, state);
  setHandler(progressQuery, () => {
    const now = state();
    return {
      stage: now.status,
      total: now.accepted,
      done: now.processed + now.failed,
      failed: now.failed,
      usage: now.usage,
    };
  });

  await batcher.run(() => draining || rollingOver());
  await condition(allHandlersFinished);
  log.info(draining ? 'stream drained' : 'stream continues as new', {
    generation: s.generation,
    accepted: s.accepted,
    processed: s.processed,
  });
  if (draining) return state();
  const live = await liveHandOver();
  return makeContinueAsNewFunc<typeof streamPipelineWorkflow>({ memo: inheritedMemo() })(input, {
    ...s,
    generation: s.generation + 1,
    recentIds: recent.toArray(),
    usage: runUsage(),
    ...(live ? { live } : {}),
  });
}

/** An event the analyzer's template cannot be filled from: refused on delivery, not failed later. */
function templateProblems(template: string | undefined, event: unknown, index: number): string[] {
  if (template === undefined) return [];
  try {
    resolveMarkers(
      { $template: template },
      { outputs: NO_OUTPUTS, item: { value: event, index } },
      { strict: true },
    );
    return [];
  } catch (err) {
    if (!(err instanceof MarkerError)) throw err;
    return [`body.events[${index}]: ${err.message} (the analyzer's template reads it)`];
  }
}
