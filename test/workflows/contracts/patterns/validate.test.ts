import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  collectRefs,
  findCycle,
  RefError,
  resolveRefs,
  specProblems,
} from '../../../../workflows/contracts/index.js';

describe('specProblems', () => {
  it('accepts valid specs of every pattern', () => {
    assert.deepEqual(
      specProblems('map-reduce', { items: [1], mapper: 'util.echo', reducer: 'number.sum' }),
      [],
    );
    assert.deepEqual(
      specProblems('scatter-gather', {
        tasks: [{ activity: 'util.echo' }],
        policy: { mode: 'quorum', quorum: 1 },
      }),
      [],
    );
    assert.deepEqual(
      specProblems('dag', {
        nodes: [
          { id: 'a', activity: 'util.echo' },
          { id: 'b', activity: 'util.echo', input: { $ref: 'a.x' }, dependsOn: ['a'] },
        ],
      }),
      [],
    );
  });

  it('names a cycle in dependency order', () => {
    const problems = specProblems('dag', {
      nodes: [
        { id: 'a', activity: 'util.echo', dependsOn: ['b'] },
        { id: 'b', activity: 'util.echo', dependsOn: ['c'] },
        { id: 'c', activity: 'util.echo', dependsOn: ['a'] },
        { id: 'd', activity: 'util.echo', dependsOn: ['a'] },
      ],
    });
    assert.deepEqual(problems, ['body.nodes: cycle: a -> b -> c -> a']);
  });

  it('checks models only when the deployment lists them', () => {
    const spec = {
      tasks: [{ activity: 'llm.generate', input: { model: 'x', prompt: 'p' } }],
      policy: { mode: 'all' },
    };
    assert.deepEqual(specProblems('scatter-gather', spec), []);
    assert.match(
      specProblems('scatter-gather', spec, { knownModels: ['y'] })[0]!,
      /unknown model "x" \(configured: y\)/,
    );
  });

  it('limits nesting depth', () => {
    let spec: unknown = { tasks: [{ activity: 'util.echo' }], policy: { mode: 'all' } };
    for (let i = 0; i < 6; i++)
      spec = { tasks: [{ pattern: 'scatter-gather', spec }], policy: { mode: 'all' } };
    assert.match(specProblems('scatter-gather', spec).join('\n'), /nesting deeper than 5 levels/);
  });

  it('rejects quorum larger than the task count, and quorum in other modes', () => {
    assert.match(
      specProblems('scatter-gather', {
        tasks: [{ activity: 'util.echo' }],
        policy: { mode: 'quorum', quorum: 2 },
      })[0]!,
      /quorum: must be an integer from 1 to 1/,
    );
    assert.match(
      specProblems('scatter-gather', {
        tasks: [{ activity: 'util.echo' }],
        policy: { mode: 'all', quorum: 1 },
      })[0]!,
      /applies only to mode "quorum"/,
    );
  });
});

describe('refs', () => {
  const outputs = new Map<string, unknown>([['a', { x: { y: [10, 20] } }]]);
  it('collects and resolves references at any depth', () => {
    const input = { keep: 1, list: [{ $ref: 'a.x.y.1' }], whole: { $ref: 'a' } };
    assert.deepEqual(
      collectRefs(input).map((r) => r.nodeId),
      ['a', 'a'],
    );
    assert.deepEqual(resolveRefs(input, outputs), { keep: 1, list: [20], whole: { x: { y: [10, 20] } } });
  });
  it('treats objects with more keys than $ref as plain data', () => {
    assert.deepEqual(resolveRefs({ $ref: 'a', other: 1 }, outputs), { $ref: 'a', other: 1 });
  });
  it('fails on a missing node or field', () => {
    assert.throws(() => resolveRefs({ $ref: 'b' }, outputs), RefError);
    assert.throws(() => resolveRefs({ $ref: 'a.q' }, outputs), /no field "q"/);
  });
});

describe('findCycle', () => {
  it('finds none in a diamond and one in a loop', () => {
    const diamond = [
      { id: 'a' },
      { id: 'b', dependsOn: ['a'] },
      { id: 'c', dependsOn: ['a'] },
      { id: 'd', dependsOn: ['b', 'c'] },
    ];
    assert.equal(findCycle(diamond), undefined);
    assert.deepEqual(findCycle([{ id: 'x', dependsOn: ['x'] }]), ['x', 'x']);
  });
});
