// `POST /pipelines/research`: a question answered from a local document collection, and the
// durable index it searches (`research-index`). The activities' input and output shapes live here
// too, so the API, the workflows and the activities share one definition.
// The request and result shapes come from the descriptor's schemas (research.pipeline.ts).
export type {
  ResearchFinding,
  ResearchIndexInput,
  ResearchIndexResult,
  ResearchPipelineInput,
  ResearchPipelineResult,
  ResearchSource,
} from './research.pipeline.js';

/** Collections are folders under `<DATA_DIR>/collections/`; a name is one path segment. */
export const COLLECTIONS_FOLDER = 'collections';
/** Indexes live beside them, under `<DATA_DIR>/.research-index/<collection>/<model>/<fingerprint>`. */
export const RESEARCH_INDEX_FOLDER = '.research-index';
export const COLLECTION_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The collection that `npm install` copies from the installed packages' README files. */
export const DEMO_COLLECTION = 'npm-readmes';

export const RETRIEVERS = ['keywords', 'vectors', 'expansion'] as const;
export type RetrieverName = (typeof RETRIEVERS)[number];
export const SUPPORT_LABELS = ['supported', 'contradicted', 'unsupported'] as const;
export type SupportLabel = (typeof SUPPORT_LABELS)[number];

export const RESEARCH_INDEX_DEFAULTS = {
  /** Characters per chunk, split at paragraph boundaries. */
  chunkChars: 1_500,
  /**
   * Tokens of each chunk that are embedded (title, heading and the chunk's start). Prompt
   * evaluation is the whole cost of an index build on a CPU (about 5 ms a token on 2 cores).
   */
  embedTokens: 32,
  /** Chunks embedded per activity call; a crash redoes at most one shard. */
  shardSize: 32,
} as const;

export const RESEARCH_DEFAULTS = {
  collection: DEMO_COLLECTION,
  retrievers: [...RETRIEVERS] as RetrieverName[],
  /** Sources analysed in depth after fusion. */
  maxSources: 4,
  claimsPerSource: 2,
  /** Search queries the expansion retriever asks the model for. */
  expansions: 3,
  /** Hits each retriever contributes to the fusion. */
  hitsPerRetriever: 20,
  /** Retrievers that must answer. */
  minSuccesses: 1,
  /** Characters of a source's best chunks handed to the model. */
  evidenceChars: 1_500,
} as const;

// --- activities ---

export interface ResearchPrepareInput {
  collection: string;
  model: string;
  chunkChars: number;
  embedTokens: number;
  shardSize: number;
}

export interface ResearchPrepareOutput {
  index: string;
  status: 'build' | 'current';
  files: number;
  chunks: number;
  shards: number;
  /** Set when current. */
  dimensions?: number;
}

export interface ResearchEmbedShardInput {
  model: string;
  index: string;
  shard: number;
}

export interface ResearchCommitInput {
  index: string;
}

export interface ResearchManifest {
  version: number;
  index: string;
  collection: string;
  model: string;
  files: number;
  chunks: number;
  dimensions: number;
  chunkChars: number;
  embedTokens: number;
  builtAt: string;
}

export type ResearchSearchInput =
  | { index: string; mode: 'keywords'; query: string; topK?: number }
  | { index: string; mode: 'vectors'; vector: number[]; topK?: number };

export interface ResearchHit {
  chunk: number;
  path: string;
  title: string;
  heading: string;
  text: string;
  score: number;
}

export interface ResearchSearchOutput {
  hits: ResearchHit[];
}

/** `<collection>/<model>/<16 hex digits of the fingerprint>`. */
export const RESEARCH_INDEX_KEY =
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\/[a-z0-9][a-z0-9._-]{0,62}\/[0-9a-f]{16}$/;
