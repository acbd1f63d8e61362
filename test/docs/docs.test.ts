// The docs cannot drift from the code: every relative link resolves (anchors included), every
// curl example names a route of the API's own OpenAPI document, and its inline JSON body is
// accepted there; the generated parts (pipeline references, benchmark tables) are current.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../config/project-root.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';
import { generatedPages } from '../../scripts/docs.js';

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return markdownFiles(path);
    return name.endsWith('.md') ? [path] : [];
  });
}
const pages = [fromRoot('README.md'), fromRoot('CONTRIBUTING.md'), ...markdownFiles(fromRoot('docs'))];
const textOf = (file: string) => readFileSync(file, 'utf8');
/** Prose only: links and curls inside code blocks are examples, read separately. */
const withoutCode = (md: string) => md.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchorsOf(md: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const [, heading] of withoutCode(md).matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

interface Curl {
  file: string;
  method: string;
  path: string;
  body?: string;
}

/** Every curl command of the code blocks, continuation lines joined. */
function curls(file: string): Curl[] {
  const blocks = [...textOf(file).matchAll(/```(?:bash|sh)?\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((block) =>
    block
      .replace(/\\\n\s*/g, ' ')
      .split('\n')
      .filter((line) => /^\s*curl /.test(line))
      .map((line) => {
        const url = /(?:https?:\/\/[^/\s'"]+|localhost:\d+)(\/[^\s'"?]*)/.exec(line)?.[1] ?? '';
        const method = /-X\s*([A-Z]+)/.exec(line)?.[1] ?? (/ -d /.test(line) ? 'POST' : 'GET');
        const body = /-d '([^']*)'/.exec(line)?.[1];
        return { file: relative(fromRoot(), file), method, path: url, ...(body ? { body } : {}) };
      }),
  );
}

describe('docs', () => {
  let stack: Stack;
  let routes: Array<{ method: string; pattern: RegExp }>;
  before(async () => {
    stack = await startStack({ api: true, cpu: false, tools: true, env: { RATE_LIMIT_PER_MINUTE: '0' } });
    const doc = (await (await fetch(`${stack.baseUrl}/docs-json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((method) => ({
        method: method.toUpperCase(),
        pattern: new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      })),
    );
  });
  after(() => stack?.teardown());

  it('has a README of at most 300 lines', () => {
    assert.ok(textOf(fromRoot('README.md')).split('\n').length <= 300);
  });

  it('links only to files and headings that exist', () => {
    const broken: string[] = [];
    for (const page of pages) {
      for (const [, target] of withoutCode(textOf(page)).matchAll(/\]\(([^)\s]+)\)/g)) {
        if (/^(https?:|mailto:)/.test(target!)) continue;
        const [path, anchor] = target!.split('#');
        const file = path ? join(dirname(page), path) : page;
        if (!existsSync(file)) broken.push(`${relative(fromRoot(), page)}: ${target}`);
        else if (anchor && file.endsWith('.md') && !anchorsOf(textOf(file)).has(anchor))
          broken.push(`${relative(fromRoot(), page)}: ${target} (no such heading)`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('shows curl examples only of routes the API has, with bodies it accepts', async () => {
    const examples = pages.flatMap(curls);
    assert.ok(examples.length > 20, `only ${examples.length} curl examples found`);
    const problems: string[] = [];
    for (const c of examples) {
      const concrete = c.path.replace(/<[^>]+>/g, 'x');
      if (!routes.some((r) => r.method === c.method && r.pattern.test(concrete)))
        problems.push(`${c.file}: ${c.method} ${c.path} is not a route`);
      // Inline bodies of start endpoints must pass admission (files named in them may not exist here).
      if (c.method === 'POST' && c.body && !c.path.includes('<') && !c.body.includes('"path"')) {
        const res = await fetch(`${stack.baseUrl}${c.path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: c.body,
        });
        if (res.status >= 400)
          problems.push(`${c.file}: POST ${c.path} answered ${res.status}: ${await res.text()}`);
      }
    }
    assert.deepEqual(problems, []);
  });

  it('has its generated parts current (npm run docs)', async () => {
    const stale = (await generatedPages()).filter((p) => textOf(fromRoot(p.path)) !== p.content);
    assert.deepEqual(
      stale.map((p) => p.path),
      [],
    );
  });
});
