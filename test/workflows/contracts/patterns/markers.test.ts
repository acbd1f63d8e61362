import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MarkerError, markerProblems, resolveMarkers } from '../../../../workflows/contracts/index.js';

describe('resolveMarkers', () => {
  const outputs = new Map<string, unknown>([
    ['a', { x: { y: [10, 20] }, text: 'hello' }],
    ['list', ['p', 'q']],
  ]);

  it('$from takes a value or a field at any depth, array indices included', () => {
    const input = {
      keep: 1,
      list: [{ $from: 'a.x.y.1' }],
      whole: { $from: 'a' },
      first: { $from: 'list.0' },
    };
    assert.deepEqual(resolveMarkers(input, { outputs }, { strict: true }), {
      keep: 1,
      list: [20],
      whole: { x: { y: [10, 20] }, text: 'hello' },
      first: 'p',
    });
  });

  it('$template inserts strings as they are and other values as compact JSON', () => {
    const t = { $template: 'Say {{ a.text }} to {{a.x}} and {{list}}' };
    assert.equal(
      resolveMarkers(t, { outputs }, { strict: true }),
      'Say hello to {"y":[10,20]} and ["p","q"]',
    );
  });

  it('$item, {{$item...}} and {{$index}} bind the forEach element', () => {
    const values = { outputs, item: { value: { name: 'beta', n: 2 }, index: 1 } };
    assert.deepEqual(
      resolveMarkers(
        { whole: { $item: '' }, name: { $item: 'name' }, t: { $template: '{{$index}}:{{$item.name}}' } },
        values,
        {
          strict: true,
        },
      ),
      { whole: { name: 'beta', n: 2 }, name: 'beta', t: '1:beta' },
    );
  });

  it('a missing field fails with a message naming the path', () => {
    assert.throws(
      () => resolveMarkers({ $from: 'a.q.r' }, { outputs }, { strict: true }),
      /\$from "a\.q\.r": no field "a\.q"/,
    );
    assert.throws(
      () => resolveMarkers({ $template: '{{list.5}}' }, { outputs }, { strict: true }),
      MarkerError,
    );
    assert.throws(
      () => resolveMarkers({ $from: 'nope' }, { outputs }, { strict: true }),
      /nothing to resolve it against/,
    );
  });

  it('objects with more keys than a marker, and $literal contents, are data', () => {
    assert.deepEqual(resolveMarkers({ $from: 'a', other: 1 }, { outputs }, { strict: true }), {
      $from: 'a',
      other: 1,
    });
    assert.deepEqual(resolveMarkers({ $literal: { $from: 'a' } }, { outputs }, { strict: true }), {
      $from: 'a',
    });
  });

  it('in a nested spec, leaves what an inner scope resolves', () => {
    const spec = {
      nodes: [
        { id: 'in', activity: 'util.echo', input: { $template: '{{a.text}} / {{in0.v}}' } },
        { id: 'each', forEach: { $from: 'in' }, input: { $item: '' } },
      ],
      outer: { $item: 'name' },
    };
    const values = { outputs, item: { value: { name: 'n' }, index: 0 } };
    assert.deepEqual(resolveMarkers(spec, values, { nestedSpec: true }), {
      nodes: [
        { id: 'in', activity: 'util.echo', input: { $template: 'hello / {{in0.v}}' } },
        { id: 'each', forEach: { $from: 'in' }, input: { $item: '' } },
      ],
      outer: 'n',
    });
  });

  it('refuses values nested past the depth limit instead of overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 5000; i++) deep = [deep];
    assert.throws(() => resolveMarkers(deep, { outputs }), /nested more than/);
    assert.match(
      markerProblems(deep, { nodes: new Set(), item: false })[0]![1],
      /nested more than 200 levels/,
    );
  });
});
