import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DeterminismViolationError } from '@temporalio/workflow';
import { Worker } from '@temporalio/worker';
import type { ReplayWorkerOptions } from '@temporalio/worker';
import { fromRoot } from '../../config/project-root.js';
import { Resource } from '@opentelemetry/resources';
import { InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { makeWorkflowExporter } from '@temporalio/interceptors-opentelemetry';
import { LIVE_SINKS_NO_OP } from '../../workers/live-sinks.js';
import { workflowSource } from '../../workers/workflow-bundle.js';
import * as registeredWorkflows from '../../workflows/index.js';
import { PIPELINES } from '../../workflows/pipelines/pipeline-registry.js';

// Recorded histories of real runs (scripts/record-histories.ts) replayed against today's
// workflow code: a change that would break running workflows fails here, not in production.
// test/histories/ holds today's recordings; each subfolder keeps the recordings of an earlier
// version (before-dataflow: DAGs with `$ref`), which runs started then must still replay.

interface Recorded {
  file: string;
  workflowId: string;
  workflowType: string;
  status: string;
  /** Recorded by a traced worker (OpenTelemetry interceptors in its bundle). */
  traced?: boolean;
}

const root = fromRoot('test', 'histories');
const dirs = [
  root,
  ...readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => join(root, d.name)),
];
const recorded = dirs.flatMap((dir) =>
  (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Recorded[]).map((m) => ({ ...m, dir })),
);
const manifest = recorded.filter((m) => m.dir === root);
const dir = root;
const histories = (which = recorded) =>
  which.map((m) => ({
    workflowId: m.workflowId,
    history: JSON.parse(readFileSync(join(m.dir, m.file), 'utf8')) as unknown,
  }));
// The workers' own sinks (the live log's, a no-op there as on a worker).
const quiet = { replayName: 'replay-suite', sinks: LIVE_SINKS_NO_OP } satisfies Partial<ReplayWorkerOptions>;
/** A replayer like a worker that traces: the traced bundle, and its span sink (spans kept in memory). */
const tracedReplayer = () => ({
  ...workflowSource(true),
  ...quiet,
  sinks: {
    ...LIVE_SINKS_NO_OP,
    exporter: makeWorkflowExporter(new SimpleSpanProcessor(new InMemorySpanExporter()), new Resource({})),
  },
});
/** Whether a history was driven by Updates (their completions move when tracing is toggled). */
const usesUpdates = (m: Recorded & { dir: string }) =>
  readFileSync(join(m.dir, m.file), 'utf8').includes('WORKFLOW_EXECUTION_UPDATE_ACCEPTED');

describe('replay of recorded histories', () => {
  it('has a recorded history of every registered workflow type and every registered pipeline', () => {
    const types = new Set(manifest.map((m) => m.workflowType));
    const missing = Object.keys(registeredWorkflows).filter((t) => !types.has(t));
    assert.deepEqual(missing, [], 'registered workflow types without a recorded history');
    for (const p of PIPELINES)
      assert.ok(
        manifest.some((m) => m.file.startsWith(`${p.idPrefix}.`)),
        `pipeline ${p.route} has no history recorded under its name ${p.idPrefix}`,
      );
  });

  it('covers continue-as-new, a cancelled loser, a failed DAG node and the dataflow features', () => {
    assert.ok(
      manifest.some((m) => m.status === 'CONTINUED_AS_NEW'),
      'a map-reduce that continued as new',
    );
    const loser = readFileSync(join(dir, 'scatter-gather-first-cancels-losers.json'), 'utf8');
    assert.match(loser, /activityTaskCanceledEventAttributes/);
    const failedNode = readFileSync(join(dir, 'dag-continue-after-failure.json'), 'utf8');
    assert.match(failedNode, /activityTaskFailedEventAttributes/);
    const dataflow = readFileSync(join(dir, 'dag-foreach-skip-and-nested-map-reduce.0.json'), 'utf8');
    // Payloads are encoded; activity types are not: one util.delay per forEach element.
    assert.equal(dataflow.match(/"name": "util\.delay"/g)?.length, 3);
    const models = manifest
      .filter((m) => m.file.startsWith('scatter-gather-llm-majority-and-synthesize'))
      .map((m) => readFileSync(join(dir, m.file), 'utf8'))
      .join('\n');
    for (const activity of ['llm.classify', 'llm.synthesize'])
      assert.ok(models.includes(`"name": "${activity}"`), activity);
  });

  it('replays every recorded history without a determinism error, with the bundle it ran with', async () => {
    let replayed = 0;
    for (const [traced, which] of [
      [false, recorded.filter((m) => !m.traced)],
      [true, recorded.filter((m) => m.traced)],
    ] as const) {
      const options = traced ? tracedReplayer() : { ...workflowSource(), ...quiet };
      for await (const result of Worker.runReplayHistories(options, histories(which))) {
        assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
        replayed++;
      }
    }
    assert.equal(replayed, recorded.length);
    assert.ok(
      recorded.some((m) => m.dir !== root),
      'histories of an earlier version are replayed too',
    );
    assert.ok(
      recorded.some((m) => m.traced),
      'a history of a traced worker is replayed too',
    );
  });

  it('replays the histories of untraced runs with the tracing interceptors installed: tracing can be switched on under running workflows', async () => {
    assert.ok(JSON.stringify(tracedReplayer().workflowBundle).includes('traced'));
    // Except Update-driven runs (streams): the interceptors delay an Update's completion past
    // commands of the same activation. The README says to drain streams before switching.
    const which = recorded.filter((m) => !m.traced && !usesUpdates(m));
    assert.ok(recorded.some((m) => !m.traced && usesUpdates(m)));
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(tracedReplayer(), histories(which))) {
      assert.equal(result.error, undefined, `${result.workflowId}: ${String(result.error)}`);
      replayed++;
    }
    assert.equal(replayed, which.length);
  });

  it('catches an incompatible change: an altered workflow fails replay with a determinism error', async () => {
    const altered = histories(manifest).filter(
      (h) => h.workflowId === 'recorded-scatter-gather-first-cancels-losers',
    );
    assert.equal(altered.length, 1);
    const results = [];
    for await (const result of Worker.runReplayHistories(
      { workflowsPath: fromRoot('dist', 'test', 'fixtures', 'altered-workflows.js'), ...quiet },
      altered,
    )) {
      results.push(result);
    }
    assert.equal(results.length, 1);
    assert.ok(results[0]!.error instanceof DeterminismViolationError, `got ${String(results[0]!.error)}`);
  });
});
