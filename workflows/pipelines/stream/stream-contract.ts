import type { LiveCarry } from '../../contracts/live.js';
// `POST /pipelines/streams`: a long-running ingestion workflow per named stream. Events arrive
// by Update (acknowledged once durably accepted), are cut into micro-batches by size or time,
// analysed while the next batch fills, and summed into rolling aggregates read by a query.
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Usage } from '../../contracts/usage.js';

export const STREAM_ANALYZERS = ['llm.classify', 'llm.generate', 'llm.json', 'text.wordCount'] as const;
export type StreamAnalyzerActivity = (typeof STREAM_ANALYZERS)[number];

/** A stream's name: also the end of its workflow id, `stream-<name>`. */
export const STREAM_NAME = /^[a-z0-9][a-z0-9._-]{0,62}$/;
export const streamWorkflowId = (name: string) => `stream-${name}`;

export const STREAM_DEFAULTS = {
  /** Events per micro-batch, and how long the first event of a batch waits for more. */
  window: { maxItems: 16, maxWaitMs: 1_000 },
  /** Accepted events not yet analysed; more are refused (429) until batches finish. */
  maxBuffered: 512,
  /** Micro-batches analysed at once (the next one fills meanwhile). */
  maxConcurrency: 2,
  retention: {
    /** Windows kept for the rolling aggregates and shown by the query. */
    windows: 20,
    /** Latest outputs kept (summaries, JSON results). */
    latest: 10,
    /** Event ids remembered for de-duplication; the oldest are forgotten first. */
    dedupIds: 5_000,
  },
  /** Events per POST. */
  maxEventsPerRequest: 500,
  /** The field of each event that the analyzer reads. */
  field: 'text',
} as const;

/** Bounds the API enforces, so the state a run carries across continue-as-new stays small. */
export const STREAM_LIMITS = {
  idChars: 128,
  eventBytes: 16 * 1024,
  maxBuffered: 5_000,
  windows: 1_000,
  latest: 100,
  dedupIds: 20_000,
} as const;

export interface StreamAnalyzer {
  activity: StreamAnalyzerActivity;
  /** The rest of the activity input (model, labels, schema, maxTokens…); none for text.wordCount. */
  params?: Record<string, unknown>;
  /** The event field the analyzer reads (default "text"). */
  field?: string;
  /** Instead of field: a template with {{$item.field}} markers over the whole event. */
  template?: string;
}

export interface StreamPipelineInput {
  name: string;
  analyzer: StreamAnalyzer;
  window?: { maxItems?: number; maxWaitMs?: number };
  maxBuffered?: number;
  maxConcurrency?: number;
  retention?: { windows?: number; latest?: number; dedupIds?: number };
}

/** One delivered event: an id unique within the stream, and its fields. */
export type StreamEvent = { id: string } & Record<string, unknown>;

export interface StreamEventsInput {
  events: StreamEvent[];
}

/** The answer to a delivery: how many were new, how many were seen before, and their sequence numbers. */
export interface StreamEventsAck {
  accepted: number;
  duplicates: number;
  /** Sequence numbers given to the accepted events, in order (absent when none was accepted). */
  firstSeq?: number;
  lastSeq?: number;
  /** Accepted events not yet analysed, these included. */
  buffered: number;
}

export interface StreamDrainAck {
  pending: number;
  inFlight: number;
}

/** Why a delivery is refused (the ApplicationFailure type the validator throws). */
export const STREAM_REFUSALS = {
  /** The buffer is full: retry later (429). */
  bufferFull: 'StreamBufferFull',
  /** The run is finishing its batches to continue as new: retry in a moment (429). */
  rollingOver: 'StreamRollingOver',
  /** The stream is draining after DELETE (409). */
  stopping: 'StreamStopping',
  /** An event lacks what the analyzer reads (400). */
  invalid: 'InvalidEvents',
} as const;

export interface StreamWindow {
  /** Window number within the stream (0, 1, …). */
  seq: number;
  /** The sequence numbers of its events: a contiguous range. */
  firstSeq: number;
  lastSeq: number;
  events: number;
  failed: number;
  /** When its first event was accepted, when it was cut, when its analysis finished (ms since epoch). */
  firstAcceptedAtMs: number;
  cutAtMs: number;
  analysedAtMs: number;
  labels?: Record<string, number>;
  terms?: Record<string, number>;
  error?: string;
}

export interface StreamLatest {
  id: string;
  seq: number;
  output: unknown;
}

/** What a run carries to the next across continue-as-new. */
export interface StreamCarry {
  generation: number;
  nextSeq: number;
  nextWindow: number;
  accepted: number;
  duplicates: number;
  processed: number;
  failed: number;
  totals: { labels: Record<string, number> };
  windows: StreamWindow[];
  latest: StreamLatest[];
  /** Recent acceptance-to-analysed latencies (ms), bounded. */
  latencies: number[];
  recentIds: string[];
  usage: Usage;
  /** The live stream's state, carried across continue-as-new. */
  live?: LiveCarry;
}

export interface StreamState {
  name: string;
  status: 'running' | 'rolling-over' | 'draining' | 'stopped';
  analyzer: StreamAnalyzerActivity;
  /** Runs so far: the stream continues as new before its history grows large. */
  generation: number;
  accepted: number;
  duplicates: number;
  processed: number;
  failed: number;
  pending: number;
  inFlight: number;
  /** Over the retained windows: their events over the time from the first acceptance to the last analysis. */
  eventsPerSecond: number;
  /** From acceptance to the analysis of the event's batch, over the recent events (ms). */
  latencyMs: { p50: number; p99: number; samples: number };
  /** Over the retained windows: counts per label (classify, or a "label" field of JSON outputs) and top terms. */
  rolling: { windows: number; events: number; labels: Record<string, number>; terms: Record<string, number> };
  totals: { labels: Record<string, number> };
  latest: StreamLatest[];
  windows: StreamWindow[];
  usage: Usage;
}

export const streamEventsUpdate = defineUpdate<StreamEventsAck, [StreamEventsInput]>('stream.events');
export const streamDrainUpdate = defineUpdate<StreamDrainAck>('stream.drain');
export const streamStateQuery = defineQuery<StreamState>('stream.state');
