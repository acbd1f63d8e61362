import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../config/project-root.js';

/** Writes a benchmark's figures to bench/results/<name>.json and prints them. */
export function report(name: string, figures: Record<string, unknown>): void {
  const dir = fromRoot('bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  const body = { benchmark: name, measuredAt: new Date().toISOString(), ...figures };
  writeFileSync(file, `${JSON.stringify(body, null, 2)}\n`);
  console.log(JSON.stringify(body, null, 2));
  console.log(`written to ${file}`);
}

/** The figures of bench/results/<name>.json from its last run ({} when there is none). */
export function lastFigures(name: string): Record<string, unknown> {
  const file = fromRoot('bench', 'results', `${name}.json`);
  if (!existsSync(file)) return {};
  return (JSON.parse(readFileSync(file, 'utf8')) as { figures?: Record<string, unknown> }).figures ?? {};
}

export interface Started {
  workflowId: string;
}

export interface Outcome<T> {
  status: string;
  result: T;
}

export async function postJson(url: string, body: unknown): Promise<Started> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Started;
}

/** Long-polls the result endpoint until the run closes. */
export async function resultOf<T>(baseUrl: string, workflowId: string): Promise<Outcome<T>> {
  for (;;) {
    const res = await fetch(`${baseUrl}/workflows/${workflowId}/result?waitMs=60000`);
    if (res.status === 200) return (await res.json()) as Outcome<T>;
  }
}
