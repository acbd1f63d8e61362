import type {
  ACTIVITY_REGISTRY,
  ActivityName,
  CommitOutputInput,
  ItemSource,
} from '../workflows/contracts/index.js';
import {
  BATCH_ACTIVITY,
  COMMIT_OUTPUT_ACTIVITY,
  COUNT_ITEMS_ACTIVITY,
} from '../workflows/contracts/index.js';
import { createBatchActivity } from './batch/create-batch-activity.js';
import { textWordCount } from './cpu/text-word-count.js';
import { utilDelay } from './cpu/util-delay.js';
import { utilEcho } from './cpu/util-echo.js';
import { reducerActivities } from './reducers.js';
import { createResearchActivities } from './research/create-research-activities.js';
import { countItems } from './sources/read-items.js';
import { commitOutput } from './sources/sink.js';

export interface CpuActivityDeps {
  /** Root folder for `lines` sources: files outside it are refused. */
  dataDir: string;
  /** Items of one map-reduce batch mapped concurrently (helps I/O-bound mappers). */
  batchItemConcurrency?: number;
}

type CpuActivityName = {
  [K in ActivityName]: (typeof ACTIVITY_REGISTRY)[K]['queue'] extends 'cpu' ? K : never;
}[ActivityName];

/** The CPU worker's activities, keyed by their registry names, plus the internal ones. */
export function createCpuActivities({ dataDir, batchItemConcurrency = 16 }: CpuActivityDeps) {
  const publicActivities = {
    'util.echo': utilEcho,
    'util.delay': utilDelay,
    'text.wordCount': textWordCount,
    ...reducerActivities,
    ...createResearchActivities({ dataDir }),
  } satisfies Record<CpuActivityName, (input: never) => Promise<unknown>>;
  return {
    ...publicActivities,
    [BATCH_ACTIVITY]: createBatchActivity({
      mappers: publicActivities,
      dataDir,
      itemConcurrency: batchItemConcurrency,
    }),
    [COUNT_ITEMS_ACTIVITY]: (source: ItemSource) => countItems(source, dataDir),
    [COMMIT_OUTPUT_ACTIVITY]: (input: CommitOutputInput) => commitOutput(dataDir, input),
  };
}

export type CpuActivities = ReturnType<typeof createCpuActivities>;
