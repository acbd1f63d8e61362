// An opt-in cache of model-call results, for reruns, evaluations and repeated batches (within a
// run, Temporal already keeps every result). Only deterministic calls are cached — temperature 0
// or a fixed seed — keyed by the model file, the activity and the whole input (grammars included),
// content-addressed under DATA_DIR, with a size cap (oldest used first out) and a time to live.
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { writeAtomic } from '../files/write-atomic.js';

export const CACHE_MODES = ['use', 'skip'] as const;
export type CacheMode = (typeof CACHE_MODES)[number];

export interface ResultCacheOptions {
  dir: string;
  maxBytes: number;
  ttlMs: number;
  now?: () => number;
}

/** A call's input fields that do not change its answer: left out of the key. */
const NOT_IN_KEY = new Set(['live', 'cache']);

/** JSON with object keys sorted, so equal inputs give equal keys whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object')
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** Whether a call answers the same every time: greedy (temperature 0, the default) or seeded. */
export function deterministic(input: { temperature?: unknown; seed?: unknown }): boolean {
  return input.temperature === undefined || input.temperature === 0 || input.seed !== undefined;
}

/** The key of a call: the model file's identity, the activity, the input (what may change the answer). */
export function resultCacheKey(modelFile: string, activity: string, input: object): string {
  const kept = Object.fromEntries(Object.entries(input).filter(([k]) => !NOT_IN_KEY.has(k)));
  return createHash('sha256')
    .update(canonical({ modelFile, activity, input: kept }))
    .digest('hex');
}

/** Where cached results live: files under DATA_DIR, or PostgreSQL (pg-result-cache.ts). */
export interface ResultCacheStore {
  key(modelFile: string, activity: string, input: object): string;
  /** The value, or undefined when absent, expired or unreadable (a cache never fails a call). */
  get<T>(key: string): Promise<T | undefined>;
  put(key: string, value: unknown): Promise<void>;
}

/** Content-addressed files under DATA_DIR (the embedded set-up). */
export class ResultCache implements ResultCacheStore {
  private bytes: number | undefined;
  private readonly now: () => number;

  constructor(private readonly options: ResultCacheOptions) {
    this.now = options.now ?? Date.now;
  }

  key(modelFile: string, activity: string, input: object): string {
    return resultCacheKey(modelFile, activity, input);
  }

  private path(key: string): string {
    return join(this.options.dir, key.slice(0, 2), `${key}.json`);
  }

  async get<T>(key: string): Promise<T | undefined> {
    const path = this.path(key);
    try {
      const info = await stat(path);
      if (this.now() - info.mtimeMs > this.options.ttlMs) {
        await rm(path, { force: true });
        return undefined;
      }
      const value = JSON.parse(await readFile(path, 'utf8')) as T;
      // Used now: the last to go when the cache is over its size.
      const t = new Date(this.now());
      await utimes(path, t, t).catch(() => undefined);
      return value;
    } catch {
      return undefined;
    }
  }

  async put(key: string, value: unknown): Promise<void> {
    const data = JSON.stringify(value);
    if (data.length > this.options.maxBytes) return;
    await writeAtomic(this.path(key), data);
    const t = new Date(this.now());
    await utimes(this.path(key), t, t).catch(() => undefined);
    // Counted from disk once, then kept (an overwritten entry counts twice until the next eviction).
    this.bytes =
      this.bytes === undefined
        ? (await this.scan()).reduce((n, e) => n + e.size, 0)
        : this.bytes + data.length;
    if (this.bytes > this.options.maxBytes) await this.evict();
  }

  /** Every entry with its size and last use. */
  private async scan(): Promise<Array<{ path: string; size: number; used: number }>> {
    await mkdir(this.options.dir, { recursive: true });
    const entries = [];
    for (const shard of await readdir(this.options.dir)) {
      const dir = join(this.options.dir, shard);
      for (const name of await readdir(dir).catch(() => [])) {
        if (!name.endsWith('.json')) continue;
        const info = await stat(join(dir, name)).catch(() => undefined);
        if (info) entries.push({ path: join(dir, name), size: info.size, used: info.mtimeMs });
      }
    }
    return entries;
  }

  /** Removes the least recently used entries until the cache is at most 90 % of its cap. */
  private async evict(): Promise<void> {
    const entries = (await this.scan()).sort((a, b) => a.used - b.used);
    let total = entries.reduce((n, e) => n + e.size, 0);
    for (const e of entries) {
      if (total <= this.options.maxBytes * 0.9) break;
      await rm(e.path, { force: true });
      total -= e.size;
    }
    this.bytes = total;
  }
}
