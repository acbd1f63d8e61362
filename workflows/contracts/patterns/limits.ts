// Size limits that keep every run inside Temporal's limits (2 MB per payload, 2 000 pending
// activities/children per run, 51 200 events per history). The API answers 400/413 past them.

export const LIMITS = {
  /** Inline map-reduce items: JSON size (continue-as-new carries them, so well under 2 MB). */
  inlineItemsBytes: 1024 * 1024,
  inlineItems: 10_000,
  /** A whole request body (tasks, nodes and their inputs). */
  specBytes: 1024 * 1024,
  rangeItems: 1_000_000_000,
  batchSize: 10_000,
  maxConcurrency: 500,
  scatterTasks: 500,
  dagNodes: 500,
  nestingDepth: 5,
  /** JSON nesting of a whole request body. */
  jsonDepth: 64,
  /** Map-reduce batches one request may create (the API may set a lower cap). */
  batches: 100_000,
  /** Elements of one forEach node. */
  forEachItems: 10_000,
  timeoutMs: 24 * 3600_000,
} as const;

/** Task and node ids: they key outputs and name branches in live events. */
export const SPEC_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** A dot path into an output (`label`, `data.score`), as aggregates and markers take it. */
export const FIELD_PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;
/** The input field a map-reduce mapper puts each item under. */
export const ITEM_FIELD = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Ranges of single spec fields, [least, most]: the API's schemas and the spec validator both read
 * them, so a bound is written once (a test checks no bound is typed in both).
 */
export const RANGES = {
  retryAttempts: [1, 100],
  retryIntervalMs: [1, 3_600_000],
  retryBackoff: [1, 100],
  treeLeafBatches: [2, 100_000],
  treeBatchesPerRun: [1, 1_000],
  treeFanout: [2, 1_000],
  aggregateMaxTokens: [1, 8_192],
  approvalTitleChars: [1, 500],
  approvalTimeoutMs: [1_000, LIMITS.timeoutMs],
} as const satisfies Record<string, readonly [number, number]>;

export const DEFAULTS = {
  batchSize: 100,
  /** A "lines" file mapped by a CPU activity is cut into batches of about this many bytes. */
  cpuBatchBytes: 512 * 1024,
  maxConcurrency: 10,
  dagMaxConcurrency: 10,
  forEachMaxConcurrency: 10,
  /**
   * A forEach over more elements than this runs in child runs of this many elements each, so
   * no run's history grows past a few thousand events (about 3 per element).
   */
  forEachChunk: 200,
  /** A leaf run handles at most this many batches before the work is split into child runs. */
  leafBatches: 2_000,
  /** Batches one run schedules before it continues as new (about 6 events each). */
  batchesPerRun: 500,
  /** Children per parent in the run tree (Temporal allows 2 000 pending; we stay far below). */
  fanout: 100,
  /** Batch results folded into the partial by one reducer call. */
  reduceFanIn: 16,
} as const;

export const MAX_RECORDED_FAILURES = 100;
