// The research index's CPU activities: prepare (fingerprint, chunk, keyword index), commit
// (join the embedded shards, write the manifest) and search (BM25 or cosine over a built index).
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ApplicationFailure, Context } from '@temporalio/activity';
import MiniSearch from 'minisearch';
import type {
  ResearchCommitInput,
  ResearchHit,
  ResearchManifest,
  ResearchPrepareInput,
  ResearchPrepareOutput,
  ResearchSearchInput,
  ResearchSearchOutput,
} from '../../workflows/contracts/index.js';
import { chunkDocument, documentsOf } from './chunking.js';
import type { Chunk } from './chunking.js';
import { readCollection } from './collection-files.js';
import {
  files,
  INDEX_VERSION,
  indexFolder,
  indexRoot,
  KEYWORD_INDEX_OPTIONS,
  loadIndex,
  readJson,
} from './index-store.js';
import { writeAtomic } from '../files/write-atomic.js';
import type { IndexPlan, LoadedIndex } from './index-store.js';
import { ERROR_TYPES } from '../../workflows/contracts/error-types.js';

const MAX_TOP_K = 100;

function invalid(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, ERROR_TYPES.InvalidInput);
}

function hit(index: LoadedIndex, id: number, score: number): ResearchHit {
  const c = index.chunks[id]!;
  return { chunk: id, path: c.path, title: c.title, heading: c.heading, text: c.text, score };
}

export function createResearchActivities({ dataDir }: { dataDir: string }) {
  async function prepareIndex(input: ResearchPrepareInput): Promise<ResearchPrepareOutput> {
    const { collection, model, chunkChars, embedTokens, shardSize } = input;
    const { files: docsFiles, fingerprint } = await readCollection(dataDir, collection);
    const key = createHash('sha256')
      .update(JSON.stringify([INDEX_VERSION, model, chunkChars, embedTokens, shardSize, fingerprint]))
      .digest('hex')
      .slice(0, 16);
    const index = `${collection}/${model}/${key}`;
    const folder = indexFolder(dataDir, index);
    const manifest = await readJson<ResearchManifest>(join(folder, files.manifest));
    if (manifest) {
      const shards = Math.ceil(manifest.chunks / shardSize);
      return {
        index,
        status: 'current',
        files: manifest.files,
        chunks: manifest.chunks,
        shards,
        dimensions: manifest.dimensions,
      };
    }
    // Same fingerprint, same chunks: a plan left by an interrupted build is reused as it is.
    const existing = await readJson<IndexPlan>(join(folder, files.plan));
    if (existing)
      return {
        index,
        status: 'build',
        files: existing.files,
        chunks: existing.chunks,
        shards: existing.shards,
      };
    const chunks: Chunk[] = [];
    for (const file of docsFiles) {
      for (const doc of documentsOf(file.path, file.content))
        chunks.push(...chunkDocument(doc, chunkChars, chunks.length));
      Context.current().heartbeat();
    }
    if (chunks.length === 0) throw invalid(`collection "${collection}" has no text to index`);
    const keywords = new MiniSearch<Chunk>(KEYWORD_INDEX_OPTIONS);
    keywords.addAll(chunks);
    const plan: IndexPlan = {
      collection,
      model,
      files: docsFiles.length,
      chunks: chunks.length,
      shards: Math.ceil(chunks.length / shardSize),
      shardSize,
      chunkChars,
      embedTokens,
    };
    await writeAtomic(join(folder, files.chunks), chunks.map((c) => JSON.stringify(c)).join('\n') + '\n');
    await writeAtomic(join(folder, files.keywords), JSON.stringify(keywords));
    await writeAtomic(join(folder, files.plan), JSON.stringify(plan));
    return { index, status: 'build', files: plan.files, chunks: plan.chunks, shards: plan.shards };
  }

  async function commitIndex({ index }: ResearchCommitInput): Promise<ResearchManifest> {
    const folder = indexFolder(dataDir, index);
    const done = await readJson<ResearchManifest>(join(folder, files.manifest));
    if (done) return done;
    const plan = await readJson<IndexPlan>(join(folder, files.plan));
    if (!plan) throw invalid(`index "${index}" has no plan: prepare it first`);
    const parts: Buffer[] = [];
    for (let s = 0; s < plan.shards; s++) {
      try {
        parts.push(await readFile(join(folder, files.shard(s))));
      } catch {
        throw invalid(`index "${index}": shard ${s} of ${plan.shards} is not embedded`);
      }
    }
    const bytes = Buffer.concat(parts);
    const dimensions = bytes.byteLength / 4 / plan.chunks;
    if (!Number.isInteger(dimensions) || dimensions < 1)
      throw invalid(`index "${index}": the shards hold ${bytes.byteLength} bytes for ${plan.chunks} chunks`);
    await writeAtomic(join(folder, files.vectors), bytes);
    const manifest: ResearchManifest = {
      version: INDEX_VERSION,
      index,
      collection: plan.collection,
      model: plan.model,
      files: plan.files,
      chunks: plan.chunks,
      dimensions,
      chunkChars: plan.chunkChars,
      embedTokens: plan.embedTokens,
      builtAt: new Date().toISOString(),
    };
    // The manifest is what makes an index current: written last.
    await writeAtomic(join(folder, files.manifest), JSON.stringify(manifest, null, 2));
    await rm(join(folder, 'vectors'), { recursive: true, force: true });
    // Earlier complete builds of this collection and model are superseded; an unfinished one
    // (no manifest) may be another run's build in progress and is left alone.
    const siblings = join(indexRoot(dataDir), plan.collection, plan.model);
    for (const name of await readdir(siblings)) {
      if (name === index.split('/')[2]) continue;
      if (await readJson(join(siblings, name, files.manifest)))
        await rm(join(siblings, name), { recursive: true, force: true });
    }
    return manifest;
  }

  async function search(input: ResearchSearchInput): Promise<ResearchSearchOutput> {
    const topK = input.topK ?? 10;
    if (!Number.isInteger(topK) || topK < 1 || topK > MAX_TOP_K)
      throw invalid(`research.search: "topK" must be 1–${MAX_TOP_K}`);
    const index = await loadIndex(dataDir, input.index);
    if (input.mode === 'keywords') {
      if (typeof input.query !== 'string' || !input.query.trim())
        throw invalid('research.search: "query" must be a non-empty string');
      const results = index.keywords.search(input.query, { combineWith: 'OR' });
      return { hits: results.slice(0, topK).map((r) => hit(index, r.id as number, r.score)) };
    }
    if (input.mode !== 'vectors') throw invalid('research.search: "mode" must be "keywords" or "vectors"');
    const dims = index.manifest.dimensions;
    const query = input.vector;
    if (!Array.isArray(query) || query.length !== dims || query.some((x) => typeof x !== 'number')) {
      throw invalid(`research.search: "vector" must hold ${dims} numbers (the index's embedding size)`);
    }
    const norm = Math.hypot(...query) || 1;
    const scores = new Float32Array(index.chunks.length);
    for (let c = 0; c < index.chunks.length; c++) {
      let dot = 0;
      const base = c * dims;
      for (let d = 0; d < dims; d++) dot += index.vectors[base + d]! * query[d]!;
      scores[c] = dot / norm;
    }
    const order = [...scores.keys()].sort((a, b) => scores[b]! - scores[a]! || a - b).slice(0, topK);
    return { hits: order.map((id) => hit(index, id, Math.round(scores[id]! * 1e4) / 1e4)) };
  }

  return {
    'research.prepareIndex': prepareIndex,
    'research.commitIndex': commitIndex,
    'research.search': search,
  };
}
