import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCycle, specProblems } from '../../../../workflows/contracts/index.js';

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
          { id: 'b', activity: 'util.echo', input: { $from: 'a.x' }, dependsOn: ['a'] },
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

describe('specProblems: markers, forEach, aggregates', () => {
  const dag = (nodes: unknown[]) => specProblems('dag', { nodes });

  it('names a template placeholder outside dependsOn, and an unknown marker', () => {
    assert.deepEqual(
      dag([
        { id: 'a', activity: 'util.echo' },
        {
          id: 'b',
          activity: 'util.echo',
          input: { text: { $template: 'x {{a.text}} {{c}}' } },
          dependsOn: ['a'],
        },
        { id: 'c', activity: 'util.echo', input: [{ $form: 'a' }] },
      ]),
      [
        'body.nodes[1].input.text: $template placeholder "c": node "c" is not in dependsOn',
        'body.nodes[2].input[0]: unknown marker "$form" (known: $from, $template, $item, $literal)',
      ],
    );
  });

  it('refuses $ref (renamed) from the API but reads it inside workflows', () => {
    const nodes = [
      { id: 'a', activity: 'util.echo' },
      { id: 'b', activity: 'util.echo', input: { $ref: 'a' }, dependsOn: ['a'] },
    ];
    assert.deepEqual(dag(nodes), ['body.nodes[1].input: "$ref" was renamed to "$from"']);
    assert.deepEqual(specProblems('dag', { nodes }, { legacyRef: true }), []);
    // A JSON Reference inside a JSON Schema is data.
    const schema = { $defs: { n: { type: 'number' } }, properties: { x: { $ref: '#/$defs/n' } } };
    assert.deepEqual(dag([{ id: 'j', activity: 'util.echo', input: { schema } }]), []);
  });

  it('binds $item and $index only under forEach', () => {
    assert.deepEqual(dag([{ id: 'a', activity: 'util.echo', input: { $item: '' } }]), [
      'body.nodes[0].input: $item "$item": $item and $index exist only in a forEach node or a map-reduce mapper.input',
    ]);
    assert.deepEqual(
      dag([
        { id: 'a', activity: 'util.echo', input: { list: [1, 2] } },
        {
          id: 'b',
          activity: 'util.echo',
          forEach: { $from: 'a.list' },
          input: { $template: '{{$index}}: {{$item}}' },
          dependsOn: ['a'],
          maxConcurrency: 2,
          onItemFailure: 'skip',
        },
      ]),
      [],
    );
  });

  it('forEach must name an array output of a dependency', () => {
    assert.deepEqual(
      dag([
        { id: 'a', activity: 'util.echo' },
        { id: 'b', activity: 'util.echo', forEach: 'a.list', dependsOn: ['a'] },
        { id: 'c', activity: 'util.echo', forEach: { $from: 'a.list' } },
        { id: 'd', activity: 'util.echo', onItemFailure: 'skip' },
      ]),
      [
        'body.nodes[1].forEach: must be an array or { "$from": "<node>.<path>" } naming an array output',
        'body.nodes[2].forEach: $from "a.list": node "a" is not in dependsOn',
        'body.nodes[3]: "maxConcurrency" and "onItemFailure" apply only to a node with "forEach"',
      ],
    );
  });

  it('lets a nested pattern take upstream outputs, and nothing else', () => {
    const nested = (items: unknown, dependsOn?: string[]) => ({
      id: 'mr',
      pattern: 'map-reduce',
      spec: { items, mapper: 'util.echo', reducer: 'number.sum' },
      ...(dependsOn ? { dependsOn } : {}),
    });
    const split = { id: 'split', activity: 'util.echo' };
    assert.deepEqual(dag([split, nested({ $from: 'split.chunks' }, ['split'])]), []);
    assert.deepEqual(dag([split, nested({ $from: 'split.chunks' })]), [
      'body.nodes[1].spec.items: $from "split.chunks": node "split" is not in dependsOn',
    ]);
    // A top-level scatter-gather has no upstream outputs.
    assert.deepEqual(
      specProblems('scatter-gather', {
        tasks: [{ activity: 'util.echo', input: { $from: 'x' } }],
        policy: { mode: 'all' },
      }),
      ['body.tasks[0].input: $from "x": no node outputs can be referenced here'],
    );
  });

  it('checks aggregates and per-task options', () => {
    const sg = (aggregate: unknown, task: object = {}) =>
      specProblems(
        'scatter-gather',
        { tasks: [{ activity: 'util.echo', ...task }], policy: { mode: 'all' }, aggregate },
        { knownModels: ['m'] },
      );
    assert.deepEqual(
      sg({ kind: 'majority', field: 'label' }, { retry: { maximumAttempts: 2 }, timeoutMs: 500 }),
      [],
    );
    assert.deepEqual(sg({ kind: 'judge', model: 'm', criteria: 'best' }), []);
    assert.deepEqual(sg({ kind: 'judge', model: 'q' }), [
      'body.aggregate.model: unknown model "q" (configured: m)',
      'body.aggregate.criteria: is required',
    ]);
    assert.deepEqual(sg({ kind: 'vote' }), [
      'body.aggregate.kind: must be one of "list", "majority", "consensus", "judge", "synthesize"',
    ]);
    assert.deepEqual(sg('list', { timeoutMs: 0 }), [
      'body.tasks[0].timeoutMs: must be an integer from 1 to 86400000',
    ]);
  });

  it('takes an LLM reducer with its params, and says what a bare one lacks', () => {
    const mr = (reducer: unknown) =>
      specProblems('map-reduce', { items: ['a'], mapper: 'util.echo', reducer }, { knownModels: ['m'] });
    assert.deepEqual(mr({ activity: 'llm.synthesize', params: { model: 'm', instruction: 'merge' } }), []);
    assert.match(mr('llm.synthesize')[0]!, /needs params/);
    assert.deepEqual(mr({ activity: 'llm.synthesize', params: { model: 'm' } }), [
      'body.reducer.params.instruction: is required',
    ]);
    assert.match(mr({ activity: 'llm.generate' })[0]!, /must be a reducer activity/);
  });

  it('answers an input nested thousands of levels deep with a problem, not a stack overflow', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    assert.deepEqual(dag([{ id: 'a', activity: 'util.echo', input: deep }]).length, 1);
    assert.match(
      dag([{ id: 'a', activity: 'util.echo', input: deep }])[0]!,
      /is nested deeper than 64 levels/,
    );
  });

  it('caps the batches of all nested map-reduces of a request together', () => {
    const mr = {
      pattern: 'map-reduce',
      spec: {
        source: { type: 'range', start: 0, end: 600_000 },
        mapper: 'util.echo',
        reducer: 'number.sum',
        batchSize: 10,
      },
    };
    const sg = (n: number) => ({ tasks: Array.from({ length: n }, () => mr), policy: { mode: 'all' } });
    assert.deepEqual(specProblems('scatter-gather', sg(1)), []);
    assert.deepEqual(specProblems('scatter-gather', sg(2)), [
      'body: its map-reduces make 120000 batches in all, more than the 100000 one request may create',
    ]);
  });

  it('a mapper input may use $item; it replaces params', () => {
    const mr = (mapper: unknown) =>
      specProblems('map-reduce', { items: ['a'], mapper, reducer: 'list.collect' });
    assert.deepEqual(mr({ activity: 'util.echo', input: { $template: '{{$index}} {{$item}}' } }), []);
    assert.deepEqual(mr({ activity: 'util.echo', input: { x: { $item: '' } }, params: {} }), [
      'body.mapper: "input" replaces "params" and "itemField": give one or the other',
    ]);
    assert.deepEqual(mr({ activity: 'util.echo', params: { x: { $item: '' } } }), [
      'body.mapper.params.x: $item "$item": $item and $index exist only in a forEach node or a map-reduce mapper.input',
    ]);
  });

  it('needs the model of an llm.* node and refuses reserved node ids', () => {
    assert.deepEqual(dag([{ id: 'g', activity: 'llm.generate', input: { prompt: 'hi' } }]), [
      'body.nodes[0].input.model: is required',
    ]);
    assert.deepEqual(dag([{ id: '__proto__', activity: 'util.echo' }]), [
      'body.nodes[0].id: "__proto__" is reserved',
    ]);
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
