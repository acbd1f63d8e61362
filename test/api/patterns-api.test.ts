import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fromRoot } from '../../config/project-root.js';
import { http, waitForResult } from '../../runtime/http-client.js';
import { DEFAULT_EMBEDDING_MODEL } from '../../config/app-config.js';
import { startStack } from '../../runtime/stack.js';
import type { Stack } from '../../runtime/stack.js';

/** A real text corpus: the README files of the installed npm packages (about 600 kB of prose and code). */
function buildCorpus(): string {
  const dir = fromRoot('node_modules');
  const parts: string[] = [];
  let size = 0;
  const packages = readdirSync(dir)
    .flatMap((name) =>
      name.startsWith('@') ? readdirSync(join(dir, name)).map((n) => `${name}/${n}`) : [name],
    )
    .sort();
  for (const pkg of packages) {
    const readme = join(dir, pkg, 'README.md');
    if (!existsSync(readme)) continue;
    const text = readFileSync(readme, 'utf8');
    parts.push(text);
    size += text.length;
    if (size > 600_000) break;
  }
  return parts.join('\n');
}

/** `tr 'A-Z' 'a-z' | tr -cs 'a-z0-9' '\n' | sort | uniq -c`, parsed into a map. */
function shellWordCount(path: string): Record<string, number> {
  const out = execFileSync(
    'sh',
    ['-c', `tr 'A-Z' 'a-z' < '${path}' | tr -cs 'a-z0-9' '\\n' | sort | uniq -c`],
    { encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' }, maxBuffer: 64 * 1024 * 1024 },
  );
  const counts: Record<string, number> = {};
  for (const line of out.split('\n')) {
    const m = /^\s*(\d+) (\S+)$/.exec(line);
    if (m) counts[m[2]!] = Number(m[1]);
  }
  return counts;
}

describe('pattern endpoints', () => {
  let stack: Stack;
  before(async () => {
    stack = await startStack({ api: true, env: { LLM_EMBEDDING_MODEL: DEFAULT_EMBEDDING_MODEL } });
    mkdirSync(stack.config.dataDir, { recursive: true });
  });
  after(async () => {
    await stack?.teardown();
  });
  const post = (path: string, body: unknown) => http('POST', `${stack.baseUrl}/workflows/${path}`, body);

  it('word count of a real corpus through POST /workflows/map-reduce equals tr | sort | uniq -c', async () => {
    const corpus = join(stack.config.dataDir, 'corpus.txt');
    writeFileSync(corpus, buildCorpus());
    const started = await post('map-reduce', {
      source: { type: 'lines', path: 'corpus.txt' },
      mapper: 'text.wordCount',
      reducer: 'counts.merge',
      batchSize: 500,
      maxConcurrency: 8,
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const result = await waitForResult(stack.baseUrl, started.body.workflowId);
    assert.equal(result.body.status, 'COMPLETED', JSON.stringify(result.body));
    const expected = shellWordCount(corpus);
    assert.ok(Object.keys(expected).length > 1000, 'a corpus of some size');
    assert.deepEqual(result.body.result.result.counts, expected);
  });

  it('a diamond DAG passes outputs through $from', async () => {
    const started = await post('dag', {
      nodes: [
        { id: 'a', activity: 'util.echo', input: { text: 'one two two' } },
        { id: 'b', activity: 'text.wordCount', input: { $from: 'a.text' }, dependsOn: ['a'] },
        { id: 'c', activity: 'text.wordCount', input: 'two three', dependsOn: ['a'] },
        { id: 'd', activity: 'counts.merge', input: [{ $from: 'b' }, { $from: 'c' }], dependsOn: ['b', 'c'] },
      ],
    });
    assert.equal(started.status, 201);
    const result = await waitForResult(stack.baseUrl, started.body.workflowId);
    assert.deepEqual(result.body.result.nodes.d.output, { counts: { one: 1, two: 3, three: 1 } });
    const described = await http('GET', `${stack.baseUrl}/workflows/${started.body.workflowId}`);
    assert.equal(described.body.type, 'dagWorkflow');
  });

  it('a cyclic DAG is a 400 naming the cycle, and nothing starts', async () => {
    const r = await post('dag', {
      nodes: [
        { id: 'a', activity: 'util.echo', dependsOn: ['b'] },
        { id: 'b', activity: 'util.echo', dependsOn: ['c'] },
        { id: 'c', activity: 'util.echo', dependsOn: ['a'] },
      ],
    });
    assert.equal(r.status, 400);
    assert.deepEqual(r.body.message, ['body.nodes: cycle: a -> b -> c -> a']);
  });

  for (const [name, path, body, pattern] of [
    [
      'duplicate ids',
      'dag',
      {
        nodes: [
          { id: 'a', activity: 'util.echo' },
          { id: 'a', activity: 'util.echo' },
        ],
      },
      /body.nodes\[1\].id: duplicate id "a"/,
    ],
    [
      'unknown dependsOn',
      'dag',
      { nodes: [{ id: 'a', activity: 'util.echo', dependsOn: ['zz'] }] },
      /body.nodes\[0\].dependsOn: unknown node "zz"/,
    ],
    [
      '$from outside dependsOn',
      'dag',
      {
        nodes: [
          { id: 'a', activity: 'util.echo' },
          { id: 'b', activity: 'util.echo', input: { $from: 'a' } },
        ],
      },
      /body.nodes\[1\].input: \$from "a": node "a" is not in dependsOn/,
    ],
    [
      'unknown activity',
      'dag',
      { nodes: [{ id: 'a', activity: 'nope.nope' }] },
      /body.nodes\[0\].activity: unknown activity "nope.nope"/,
    ],
    [
      'unknown model',
      'scatter-gather',
      {
        tasks: [{ activity: 'llm.generate', input: { model: 'gpt-9', prompt: 'x' } }],
        policy: { mode: 'all' },
      },
      /unknown model "gpt-9"/,
    ],
    [
      'quorum without count',
      'scatter-gather',
      { tasks: [{ activity: 'util.echo' }], policy: { mode: 'quorum' } },
      /body.policy.quorum: is required/,
    ],
    [
      'bad mode',
      'scatter-gather',
      { tasks: [{ activity: 'util.echo' }], policy: { mode: 'most' } },
      /body.policy.mode: must be one of "all", "first", "quorum"/,
    ],
    [
      'empty tasks',
      'scatter-gather',
      { tasks: [], policy: { mode: 'all' } },
      /body.tasks: must be a non-empty array/,
    ],
    [
      'nested pattern errors carry their path',
      'scatter-gather',
      {
        tasks: [{ pattern: 'dag', spec: { nodes: [{ id: 'x', activity: 'bad' }] } }],
        policy: { mode: 'all' },
      },
      /body.tasks\[0\].spec.nodes\[0\].activity: unknown activity "bad"/,
    ],
    [
      'no items or source',
      'map-reduce',
      { mapper: 'util.echo', reducer: 'number.sum' },
      /body: needs exactly one of "items" and "source"/,
    ],
    [
      'reducer not a reducer',
      'map-reduce',
      { items: [1], mapper: 'util.echo', reducer: 'util.echo' },
      /body.reducer: must be a reducer activity/,
    ],
    [
      'range reversed',
      'map-reduce',
      { source: { type: 'range', start: 5, end: 1 }, mapper: 'util.echo', reducer: 'number.sum' },
      /body.source.end: must not be less than start/,
    ],
    [
      'path escaping the data folder',
      'map-reduce',
      {
        source: { type: 'lines', path: '../../etc/passwd' },
        mapper: 'text.wordCount',
        reducer: 'counts.merge',
      },
      /body.source.path: must be a relative path inside the data folder/,
    ],
    [
      'missing data file',
      'map-reduce',
      { source: { type: 'lines', path: 'nope.txt' }, mapper: 'text.wordCount', reducer: 'counts.merge' },
      /body.source.path: "nope.txt" does not exist/,
    ],
    [
      'batchSize out of range',
      'map-reduce',
      { items: [1], mapper: 'util.echo', reducer: 'number.sum', batchSize: 0 },
      /body.batchSize: must be an integer from 1 to 10000/,
    ],
    [
      'unknown field',
      'map-reduce',
      { items: [1], mapper: 'util.echo', reducer: 'number.sum', bogus: true },
      /body.bogus: is not a known field/,
    ],
    ['not an object', 'dag', [1, 2], /body: must be a JSON object/],
    [
      'template naming a node outside dependsOn',
      'dag',
      {
        nodes: [
          { id: 'a', activity: 'util.echo' },
          { id: 'b', activity: 'util.echo', input: { $template: 'x {{a.text}}' } },
        ],
      },
      /body.nodes\[1\].input: \$template placeholder "a.text": node "a" is not in dependsOn/,
    ],
    [
      'forEach that is not an array or $from',
      'dag',
      {
        nodes: [
          { id: 'a', activity: 'util.echo' },
          { id: 'b', activity: 'util.echo', forEach: { a: 1 }, dependsOn: ['a'] },
        ],
      },
      /body.nodes\[1\].forEach: must be an array or \{ "\$from"/,
    ],
    [
      'unknown marker',
      'dag',
      { nodes: [{ id: 'a', activity: 'util.echo', input: { x: { $form: 'b' } } }] },
      /body.nodes\[0\].input.x: unknown marker "\$form"/,
    ],
    [
      '$ref (renamed to $from)',
      'dag',
      {
        nodes: [
          { id: 'a', activity: 'util.echo' },
          { id: 'b', activity: 'util.echo', input: { $ref: 'a' }, dependsOn: ['a'] },
        ],
      },
      /body.nodes\[1\].input: "\$ref" was renamed to "\$from"/,
    ],
    [
      '$item outside forEach',
      'dag',
      { nodes: [{ id: 'a', activity: 'util.echo', input: { $item: 'x' } }] },
      /\$item and \$index exist only in a forEach node or a map-reduce mapper.input/,
    ],
    [
      'a chat activity on the embedding model',
      'scatter-gather',
      {
        tasks: [{ activity: 'llm.generate', input: { model: 'minilm-l6', prompt: 'x' } }],
        policy: { mode: 'all' },
      },
      /body.tasks\[0\].input.model: "minilm-l6" is an embedding model; this needs a chat model/,
    ],
    [
      'model aggregate with an unknown model',
      'scatter-gather',
      {
        tasks: [{ activity: 'util.echo' }],
        policy: { mode: 'all' },
        aggregate: { kind: 'consensus', model: 'gpt-9' },
      },
      /body.aggregate.model: unknown model "gpt-9"/,
    ],
  ] as const) {
    it(`400 for ${name}`, async () => {
      const r = await post(path, body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.match([r.body.message].flat().join('\n'), pattern);
    });
  }

  it('the dataflow example: forEach over an upstream list with $template, joined by a template', async () => {
    const started = await post('dag', {
      nodes: [
        { id: 'topics', activity: 'util.echo', input: { list: ['alpha', 'beta', 'gamma'] } },
        {
          id: 'each',
          forEach: { $from: 'topics.list' },
          activity: 'util.echo',
          input: { $template: 'topic {{$index}}: {{$item}}' },
          dependsOn: ['topics'],
        },
        { id: 'join', activity: 'util.echo', input: { $template: '{{each}}' }, dependsOn: ['each'] },
      ],
    });
    assert.equal(started.status, 201, JSON.stringify(started.body));
    const result = await waitForResult(stack.baseUrl, started.body.workflowId);
    assert.equal(result.body.status, 'COMPLETED', JSON.stringify(result.body));
    const nodes = result.body.result.nodes;
    assert.deepEqual(nodes.each.output, ['topic 0: alpha', 'topic 1: beta', 'topic 2: gamma']);
    assert.deepEqual(nodes.each.items, { total: 3, succeeded: 3, failed: 0, failures: [] });
    assert.equal(nodes.join.output, '["topic 0: alpha","topic 1: beta","topic 2: gamma"]');
    assert.deepEqual(result.body.result.usage, {
      promptTokens: 0,
      promptTokensEvaluated: 0,
      completionTokens: 0,
      calls: 0,
      byModel: {},
    });
  });

  it('the OpenAPI document: nested specs by resolvable $ref, no JSON-Reference-like object in examples', async () => {
    const doc = await http('GET', `${stack.baseUrl}/docs-json`);
    assert.equal(doc.status, 200);
    const refs: string[] = [];
    const unresolved: string[] = [];
    const resolve = (pointer: string) =>
      pointer
        .slice(2)
        .split('/')
        .reduce<any>((v, key) => (v === undefined ? undefined : v[key]), doc.body);
    const walk = (v: unknown, at: string) => {
      if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
      else if (v && typeof v === 'object')
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && !String(x).startsWith('#/')) refs.push(`${at}.$ref = ${String(x)}`);
          else if (k === '$ref' && resolve(String(x)) === undefined) unresolved.push(String(x));
          walk(x, `${at}.${k}`);
        }
    };
    walk(doc.body, 'doc');
    assert.deepEqual(refs, []);
    assert.deepEqual(unresolved, []);
    assert.match(JSON.stringify(doc.body), /\$template/);
    // A DAG node's nested scatter-gather is the scatter-gather schema itself, by reference.
    const dagBody = doc.body.paths['/workflows/dag'].post.requestBody.content['application/json'].schema;
    assert.match(JSON.stringify(dagBody), /#\/components\/schemas\/DagSpec_/);
  });

  it('413 pointing to "source" for inline items over the limit', async () => {
    const items = Array.from({ length: 20_000 }, (_, i) => i);
    const r = await post('map-reduce', { items, mapper: 'util.echo', reducer: 'number.sum' });
    assert.equal(r.status, 413);
    assert.match(r.body.message, /pass large inputs by reference with "source"/);
  });

  it('streams state changes and the result as server-sent events', async () => {
    const started = await post('scatter-gather', {
      tasks: [{ activity: 'util.delay', input: { ms: 1_500, value: 1 } }],
      policy: { mode: 'all' },
    });
    const res = await fetch(`${stack.baseUrl}/workflows/${started.body.workflowId}/stream`);
    assert.match(String(res.headers.get('content-type')), /^text\/event-stream/);
    const text = await res.text();
    assert.match(text, /event: state\ndata: \{"status":"RUNNING"/);
    assert.match(text, /event: result\ndata: \{"status":"COMPLETED","result":\{"tasks":\[/);
  });

  it('cancels a running pattern through the API', async () => {
    const started = await post('scatter-gather', {
      tasks: [{ activity: 'util.delay', input: { ms: 60_000 } }],
      policy: { mode: 'all' },
    });
    const cancel = await http('POST', `${stack.baseUrl}/workflows/${started.body.workflowId}/cancel`);
    assert.equal(cancel.status, 202);
    const result = await waitForResult(stack.baseUrl, started.body.workflowId);
    assert.equal(result.body.status, 'CANCELLED');
  });
});
