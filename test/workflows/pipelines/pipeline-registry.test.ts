import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fromRoot } from '../../../config/project-root.js';
import * as registeredWorkflows from '../../../workflows/index.js';
import { workflowTypeOf } from '../../../workflows/pipelines/pipeline-descriptor.js';
import { PIPELINES } from '../../../workflows/pipelines/pipeline-registry.js';

const root = fromRoot('workflows', 'pipelines');
const folders = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => {
    const sources = readdirSync(join(root, d.name))
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.pipeline.ts'))
      .map((f) => readFileSync(join(root, d.name, f), 'utf8'));
    return { name: d.name, sources };
  });

/** The folder whose sources declare this workflow function. */
const folderOf = (type: string) =>
  folders.find((f) => f.sources.some((s) => new RegExp(`export (async )?function ${type}\\b`).test(s)));

describe('pipeline registry', () => {
  it('names each route, run-id prefix and workflow once, and every workflow is registered', () => {
    for (const key of ['route', 'idPrefix'] as const) {
      const values = PIPELINES.map((p) => p[key]);
      assert.equal(new Set(values).size, values.length, `${key}s repeat`);
    }
    for (const p of PIPELINES) assert.ok(workflowTypeOf(p) in registeredWorkflows, workflowTypeOf(p));
  });

  it("accepts each pipeline's own example", () => {
    for (const p of PIPELINES) {
      const parsed = p.body.safeParse(p.example);
      assert.ok(parsed.success, `${p.route}: ${parsed.error?.message}`);
    }
  });

  it('lists every progress stage the workflows of its folder report', () => {
    for (const p of PIPELINES)
      assert.ok(folderOf(workflowTypeOf(p)), `no folder declares ${workflowTypeOf(p)}`);
    for (const folder of folders) {
      const declared = new Set(
        PIPELINES.filter((p) => folderOf(workflowTypeOf(p)) === folder).flatMap((p) => p.stages),
      );
      if (declared.size === 0) continue; // not a registered pipeline's folder (the stream's)
      const reported = folder.sources.flatMap((s) =>
        [...s.matchAll(/stage\('([a-z-]+)'/g)].map((m) => m[1]!),
      );
      for (const stage of reported)
        assert.ok(declared.has(stage), `${folder.name}: stage "${stage}" undeclared`);
    }
  });
});
