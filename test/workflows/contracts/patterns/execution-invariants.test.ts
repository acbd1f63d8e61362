import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invariantViolations } from '../../../../workflows/contracts/index.js';
import type { EXECUTION_INVARIANTS } from '../../../../workflows/contracts/index.js';
import { specProblems } from '../../../../workflows/contracts/patterns/spec-schema.js';

describe('execution invariants', () => {
  it('name the invariant a spec breaks, at its path', () => {
    assert.deepEqual(
      invariantViolations('dag', {
        nodes: [
          { id: 'a', activity: 'util.echo', dependsOn: ['b'] },
          { id: 'b', activity: 'util.echo', dependsOn: ['a'] },
        ],
      }),
      ['spec.nodes: cycle: a -> b -> a (acyclic)'],
    );
    assert.deepEqual(
      invariantViolations('dag', { nodes: [{ id: 'a', activity: 'util.echo', dependsOn: ['z'] }] }),
      ['spec.nodes[0].dependsOn: unknown node "z" (known-dependencies)'],
    );
    assert.deepEqual(
      invariantViolations('scatter-gather', {
        tasks: [{ activity: 'util.echo' }],
        policy: { mode: 'quorum', quorum: 3 },
      }),
      ['spec.policy.quorum: must be an integer from 1 to 1 (quorum-reachable)'],
    );
    assert.deepEqual(
      invariantViolations('dag', { nodes: [{ id: 'a', activity: 'util.echo', input: { $from: 'b.x' } }] }),
      ['spec.nodes[0].input: $from "b.x": node "b" is not in dependsOn (markers-in-scope)'],
    );
    assert.deepEqual(
      invariantViolations('map-reduce', { items: [1], source: { type: 'range', start: 0, end: 1 } }),
      [
        'spec: needs exactly one of "items" and "source" (has-work)',
        'spec.mapper: is required (has-work)',
        'spec.reducer: is required (has-work)',
      ],
    );
  });

  it('are fewer than the admission rules: what only admission refuses runs', () => {
    // Admission refuses these (unknown activity, a range, an unknown field); the workflow does not
    // re-check them, so tightening admission never changes how a recorded run replays.
    const spec = {
      tasks: [{ activity: 'no.such', timeoutMs: 0, colour: 'red' }],
      policy: { mode: 'all' },
    };
    assert.ok(specProblems('scatter-gather', spec).length >= 3);
    assert.deepEqual(invariantViolations('scatter-gather', spec), []);
  });

  it('are each also an admission rule, so an admitted spec always passes them', () => {
    const broken: Record<keyof typeof EXECUTION_INVARIANTS, [Parameters<typeof specProblems>[0], unknown]> = {
      'has-work': ['scatter-gather', { tasks: [], policy: { mode: 'all' } }],
      'unique-ids': [
        'dag',
        {
          nodes: [
            { id: 'a', activity: 'util.echo' },
            { id: 'a', activity: 'util.echo' },
          ],
        },
      ],
      'known-dependencies': ['dag', { nodes: [{ id: 'a', activity: 'util.echo', dependsOn: ['x'] }] }],
      acyclic: [
        'dag',
        {
          nodes: [
            { id: 'a', activity: 'util.echo', dependsOn: ['b'] },
            { id: 'b', activity: 'util.echo', dependsOn: ['a'] },
          ],
        },
      ],
      'markers-in-scope': [
        'scatter-gather',
        { tasks: [{ activity: 'util.echo', input: { $item: '' } }], policy: { mode: 'all' } },
      ],
      'quorum-reachable': [
        'scatter-gather',
        { tasks: [{ activity: 'util.echo' }], policy: { mode: 'quorum', quorum: 2 } },
      ],
      'bounded-nesting': ['scatter-gather', nested(7)],
    };
    for (const [name, [kind, spec]] of Object.entries(broken)) {
      assert.match(invariantViolations(kind, spec).join('\n'), new RegExp(`\\(${name}\\)`), name);
      assert.notDeepEqual(specProblems(kind, spec), [], `admission refuses what ${name} refuses`);
    }
  });
});

function nested(levels: number): unknown {
  let spec: unknown = { tasks: [{ activity: 'util.echo' }], policy: { mode: 'all' } };
  for (let i = 0; i < levels; i++)
    spec = { tasks: [{ pattern: 'scatter-gather', spec }], policy: { mode: 'all' } };
  return spec;
}
