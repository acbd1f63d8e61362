// `npm run docs`: writes the generated parts of the docs — each pipeline's reference from its
// descriptor, the benchmark tables from bench/results/. `npm run docs -- --check` (and the docs
// test) fails instead when a page is not what it would write.
import { readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';
import { fromRoot } from '../config/project-root.js';
import { PIPELINES } from '../workflows/pipelines/pipeline-registry.js';
import { agentRun } from '../workflows/agent/agent.pipeline.js';
import { benchmarkTables } from './docs/benchmark-tables.js';
import { withBlock } from './docs/generated-block.js';
import { pageOf, pipelineReference } from './docs/pipeline-reference.js';

/** Every generated page: its path and the content it should have (formatted as `npm run format` would). */
export async function generatedPages(): Promise<Array<{ path: string; content: string }>> {
  const pages = new Map<string, string>();
  const read = (path: string) => pages.get(path) ?? readFileSync(fromRoot(path), 'utf8');
  const byPage = new Map<string, string[]>();
  for (const d of PIPELINES) byPage.set(pageOf(d), [...(byPage.get(pageOf(d)) ?? []), pipelineReference(d)]);
  for (const [page, references] of byPage) {
    const path = `docs/pipelines/${page}.md`;
    pages.set(path, withBlock(read(path), 'reference', `## Reference\n\n${references.join('\n\n')}`));
  }
  const agents = 'docs/agents.md';
  pages.set(
    agents,
    withBlock(read(agents), 'reference', `## Reference\n\n${pipelineReference(agentRun, 'agents')}`),
  );
  const bench = 'docs/benchmarks.md';
  pages.set(bench, withBlock(read(bench), 'results', benchmarkTables(fromRoot('bench', 'results'))));
  return Promise.all(
    [...pages].map(async ([path, content]) => {
      const options = { ...(await prettier.resolveConfig(fromRoot(path))), filepath: fromRoot(path) };
      return { path, content: await prettier.format(content, options) };
    }),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes('--check');
  const stale = (await generatedPages()).filter((p) => readFileSync(fromRoot(p.path), 'utf8') !== p.content);
  if (check) {
    for (const p of stale) console.error(`${p.path} is out of date: run npm run docs`);
    process.exitCode = stale.length ? 1 : 0;
  } else {
    for (const p of stale) writeFileSync(fromRoot(p.path), p.content);
    console.log(`docs: ${stale.length} page(s) written`);
  }
}
