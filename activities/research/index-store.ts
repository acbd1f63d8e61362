// Where a research index lives on disk and how it is written and read back. Every file is
// written to a temporary name and renamed, so a crash leaves either the old file or the new one.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { ApplicationFailure } from '@temporalio/activity';
import MiniSearch from 'minisearch';
import type { Options } from 'minisearch';
import { RESEARCH_INDEX_FOLDER, RESEARCH_INDEX_KEY } from '../../workflows/contracts/index.js';
import type { ResearchManifest } from '../../workflows/contracts/index.js';
import type { Chunk } from './chunking.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

export const INDEX_VERSION = 1;

// Words that match everywhere and only dilute BM25 scores of a question.
const STOP_WORDS = new Set(
  'a an and are as at be but by can could do does for from has have how i if in into is it its may me my no not of on or our should so than that the their them then there these they this to was we were what when where which who why will with would you your'.split(
    ' ',
  ),
);

/** The keyword index's options: the same when it is built and when it is loaded. */
export const KEYWORD_INDEX_OPTIONS: Options<Chunk> = {
  idField: 'id',
  fields: ['title', 'heading', 'text'],
  storeFields: [],
  processTerm: (term) => {
    const t = term.toLowerCase();
    return t.length < 2 || STOP_WORDS.has(t) ? null : t;
  },
  searchOptions: { boost: { title: 2, heading: 1.5 } },
};

export function indexRoot(dataDir: string): string {
  return resolve(dataDir, RESEARCH_INDEX_FOLDER);
}

/** The folder of an index key; a key that is not one is refused before any path is built. */
export function indexFolder(dataDir: string, key: string): string {
  if (!RESEARCH_INDEX_KEY.test(key)) {
    throw ApplicationFailure.nonRetryable(
      `index "${key}" is not an index key (<collection>/<model>/<fingerprint>)`,
      ERROR_TYPES.InvalidInput,
    );
  }
  return join(indexRoot(dataDir), key);
}

export const files = {
  chunks: 'chunks.jsonl',
  keywords: 'keywords.json',
  plan: 'plan.json',
  vectors: 'vectors.f32',
  manifest: 'manifest.json',
  shard: (n: number) => join('vectors', `${String(n).padStart(6, '0')}.f32`),
};

export interface IndexPlan {
  collection: string;
  model: string;
  files: number;
  chunks: number;
  shards: number;
  shardSize: number;
  chunkChars: number;
  embedTokens: number;
}

export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

async function readChunks(folder: string): Promise<Chunk[]> {
  const text = await readFile(join(folder, files.chunks), 'utf8');
  return text
    .split('\n')
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Chunk);
}

export interface LoadedIndex {
  manifest: ResearchManifest;
  chunks: Chunk[];
  keywords: MiniSearch<Chunk>;
  /** Unit-length vectors, `dimensions` floats each, in chunk order. */
  vectors: Float32Array;
}

// A search worker keeps the last few indexes in memory: loading one costs a file read and a parse.
const loaded = new Map<string, Promise<LoadedIndex>>();
const KEEP_LOADED = 3;

async function load(folder: string, key: string): Promise<LoadedIndex> {
  const manifest = await readJson<ResearchManifest>(join(folder, files.manifest));
  if (!manifest) {
    throw ApplicationFailure.nonRetryable(
      `index "${key}" is not built (no manifest): run the research-index workflow first`,
      ERROR_TYPES.InvalidInput,
    );
  }
  const [chunks, keywordJson, vectorBytes] = await Promise.all([
    readChunks(folder),
    readFile(join(folder, files.keywords), 'utf8'),
    readFile(join(folder, files.vectors)),
  ]);
  const vectors = new Float32Array(vectorBytes.buffer, vectorBytes.byteOffset, vectorBytes.byteLength / 4);
  if (chunks.length !== manifest.chunks || vectors.length !== manifest.chunks * manifest.dimensions) {
    throw ApplicationFailure.nonRetryable(`index "${key}" is damaged: its files disagree with its manifest`);
  }
  return { manifest, chunks, keywords: MiniSearch.loadJSON(keywordJson, KEYWORD_INDEX_OPTIONS), vectors };
}

export function loadIndex(dataDir: string, key: string): Promise<LoadedIndex> {
  const folder = indexFolder(dataDir, key);
  let entry = loaded.get(key);
  if (!entry) {
    entry = load(folder, key);
    entry.catch(() => loaded.delete(key));
    loaded.set(key, entry);
    while (loaded.size > KEEP_LOADED) loaded.delete(loaded.keys().next().value!);
  } else {
    // Most recently used last.
    loaded.delete(key);
    loaded.set(key, entry);
  }
  return entry;
}
