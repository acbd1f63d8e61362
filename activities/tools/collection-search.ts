// collection.search: keyword (BM25) search over the newest built research index of a collection,
// the same index and ranking the research pipeline uses.
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { COLLECTION_NAME } from '../../workflows/contracts/index.js';
import { files, indexRoot, loadIndex } from '../research/index-store.js';
import { ToolError } from './builtin-tools.js';

async function subfolders(folder: string): Promise<string[]> {
  try {
    return (await readdir(folder, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  } catch {
    return [];
  }
}

/** The key (`collection/model/fingerprint`) of the collection's most recently built index. */
async function newestIndex(dataDir: string, collection: string): Promise<string | undefined> {
  let best: { key: string; at: number } | undefined;
  const root = join(indexRoot(dataDir), collection);
  for (const model of await subfolders(root))
    for (const fingerprint of await subfolders(join(root, model))) {
      const at = await stat(join(root, model, fingerprint, files.manifest)).then(
        (s) => s.mtimeMs,
        () => undefined,
      );
      if (at !== undefined && (!best || at > best.at))
        best = { key: `${collection}/${model}/${fingerprint}`, at };
    }
  return best?.key;
}

export async function searchCollection(dataDir: string, collection: string, query: string, topK: number) {
  if (!COLLECTION_NAME.test(collection)) throw new ToolError(`"${collection}" is not a collection name`);
  const key = await newestIndex(dataDir, collection);
  if (!key)
    throw new ToolError(
      `collection "${collection}" has no research index: build it with POST /pipelines/research/index`,
    );
  const index = await loadIndex(dataDir, key);
  const results = index.keywords.search(query, { combineWith: 'OR' }).slice(0, topK);
  return {
    collection,
    hits: results.map((r) => {
      const chunk = index.chunks[r.id as number]!;
      return {
        path: chunk.path,
        heading: chunk.heading,
        text: chunk.text.slice(0, 1_200),
        score: Math.round(r.score * 100) / 100,
      };
    }),
  };
}
