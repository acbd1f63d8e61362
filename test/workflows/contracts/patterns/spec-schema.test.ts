import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findCycle, invariantViolations } from '../../../../workflows/contracts/index.js';
import { specProblems } from '../../../../workflows/contracts/patterns/spec-schema.js';

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

  it('takes the embedding model where a call only embeds, and says so where a chat model is needed', () => {
    const admission = { knownModels: ['chat'], embeddingModels: ['enc'] };
    const task = (activity: string, input: unknown) =>
      specProblems('scatter-gather', { tasks: [{ activity, input }], policy: { mode: 'all' } }, admission);
    assert.deepEqual(task('llm.embed', { model: 'enc', text: 'x' }), []);
    assert.deepEqual(task('llm.consensus', { model: 'enc', texts: ['a', 'b'] }), []);
    assert.deepEqual(task('llm.embed', { model: 'chat', text: 'x' }), []);
    assert.deepEqual(task('llm.generate', { model: 'enc', prompt: 'x' }), [
      'body.tasks[0].input.model: "enc" is an embedding model; this needs a chat model (configured: chat)',
    ]);
    assert.match(
      task('llm.embed', { model: 'other', text: 'x' })[0]!,
      /unknown model "other" \(configured: chat, enc\)/,
    );
    const aggregate = (agg: unknown) =>
      specProblems(
        'scatter-gather',
        { tasks: [{ activity: 'util.echo' }], policy: { mode: 'all' }, aggregate: agg },
        admission,
      );
    assert.deepEqual(aggregate({ kind: 'consensus', model: 'enc' }), []);
    assert.match(
      aggregate({ kind: 'judge', model: 'enc', criteria: 'c' })[0]!,
      /body.aggregate.model: "enc" is an embedding model/,
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
      /policy\.quorum: is not a known field/,
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

  it('refuses $ref (renamed) at admission, but a workflow started before the rename still runs', () => {
    const nodes = [
      { id: 'a', activity: 'util.echo' },
      { id: 'b', activity: 'util.echo', input: { $ref: 'a' }, dependsOn: ['a'] },
    ];
    assert.deepEqual(dag(nodes), ['body.nodes[1].input: "$ref" was renamed to "$from"']);
    assert.deepEqual(invariantViolations('dag', { nodes }), []);
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
        'body.nodes[3]: "maxConcurrency" and "onItemFailure" apply only to a node with "forEach"',
        'body.nodes[2].forEach: $from "a.list": node "a" is not in dependsOn',
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

describe('specProblems: the paths of nested and unioned parts', () => {
  const sg = (task: object) => specProblems('scatter-gather', { tasks: [task], policy: { mode: 'all' } });

  it('reports a problem inside a nested spec at its full path, through the option meant', () => {
    assert.deepEqual(sg({ id: 'x', pattern: 'dag', spec: { nodes: [{ id: 'n', activity: 'nope' }] } }), [
      'body.tasks[0].spec.nodes[0].activity: unknown activity "nope"',
    ]);
    assert.deepEqual(
      sg({
        pattern: 'map-reduce',
        spec: { items: [1], mapper: 'util.echo', reducer: 'number.sum', batchSize: 0 },
      }),
      ['body.tasks[0].spec.batchSize: must be an integer from 1 to 10000'],
    );
  });

  it('names an unknown pattern, a field that is not known, and one that is missing', () => {
    assert.deepEqual(sg({ pattern: 'pipeline', spec: {} }), [
      'body.tasks[0].pattern: must be one of "map-reduce", "scatter-gather", "dag"',
    ]);
    assert.deepEqual(sg({ activity: 'util.echo', colour: 'red' }), [
      'body.tasks[0].colour: is not a known field',
    ]);
    assert.deepEqual(specProblems('scatter-gather', { tasks: [{ activity: 'util.echo' }] }), [
      'body.policy: is required',
    ]);
    assert.deepEqual(
      specProblems('dag', { nodes: [{ id: 'a', approval: { title: 'ok?', onTimeout: 'approve' } }] }),
      ['body.nodes[0].approval.onTimeout: needs approval.timeoutMs'],
    );
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

describe('specProblems on hostile values', () => {
  // Every field of valid specs (nested ones included) replaced by a value of each other JSON type:
  // admission must answer with problems, never throw (a throw would be a 500).
  const valid: Array<[Parameters<typeof specProblems>[0], unknown]> = [
    [
      'dag',
      {
        nodes: [
          { id: 'a', activity: 'util.echo', input: { list: [1] }, retry: { maximumAttempts: 2 } },
          {
            id: 'b',
            dependsOn: ['a'],
            forEach: { $from: 'a.list' },
            activity: 'util.echo',
            input: { $item: '' },
          },
          { id: 'c', dependsOn: ['b'], approval: { title: 't', timeoutMs: 5_000, onTimeout: 'approve' } },
          {
            id: 'd',
            dependsOn: ['a'],
            pattern: 'scatter-gather',
            spec: {
              tasks: [{ activity: 'util.echo' }],
              policy: { mode: 'quorum', quorum: 1 },
              aggregate: 'list',
            },
          },
        ],
        maxConcurrency: 2,
      },
    ],
    [
      'map-reduce',
      {
        source: { type: 'range', start: 0, end: 10 },
        mapper: { activity: 'util.echo', params: { x: 1 } },
        reducer: { activity: 'llm.synthesize', params: { model: 'm', instruction: 'i' } },
        tree: { fanout: 4 },
      },
    ],
  ];
  const others = [null, 0, -1.5, 'x', '', true, [], [null], {}, { $from: 'zz' }];
  const variants = (value: unknown): unknown[] => {
    const out: unknown[] = [...others];
    if (Array.isArray(value))
      value.forEach((x, i) => {
        for (const v of variants(x)) out.push(value.map((y, j) => (j === i ? v : y)));
      });
    else if (value && typeof value === 'object')
      for (const key of Object.keys(value)) {
        for (const v of variants((value as Record<string, unknown>)[key])) out.push({ ...value, [key]: v });
        const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
        out.push(rest);
      }
    return out;
  };

  it('answers every variant with problems or none, and never throws', () => {
    let checked = 0;
    for (const [kind, spec] of valid) {
      assert.deepEqual(specProblems(kind, spec), [], `the ${kind} base is valid`);
      for (const variant of variants(spec)) {
        const problems = specProblems(kind, variant);
        assert.ok(Array.isArray(problems));
        for (const p of problems) assert.match(p, /^body[^:]*: \S/);
        checked++;
      }
    }
    assert.ok(checked > 500, `${checked} variants`);
  });
});
