import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { Llama } from 'node-llama-cpp';
import { compactJsonGbnf, createCompactJsonGrammar } from '../../../activities/llm/json-grammar.js';
import { loadLlama } from '../../../activities/llm/load-llama.js';

const names = { type: 'array', items: { type: 'string', maxLength: 40 }, maxItems: 5 } as const;
// Objects in arrays in objects: every nesting level the library's generator indents.
const SCHEMA = {
  type: 'object',
  properties: {
    people: names,
    events: {
      type: 'array',
      items: { type: 'object', properties: { what: { type: 'string' }, year: { type: 'integer' } } },
      maxItems: 3,
    },
    summary: { type: 'string', maxLength: 200 },
  },
} as const;

/** The grammar's alternatives that produce a newline, the stop trailer after the value aside. */
const newlines = (gbnf: string) =>
  gbnf
    .split('\n')
    .map((line) => line.replace(/ "\\n\\n\\n\\n" \[\\n\]\*$/, ''))
    .filter((line) => line.includes('[\\n]') || line.includes('"\\n'));

describe('compact JSON grammar', () => {
  let llama: Llama;
  before(async () => {
    llama = await loadLlama({ gpu: false, threads: 1 });
  });

  it("redefines every whitespace rule of node-llama-cpp's grammar as one optional space", async () => {
    const full = (await llama.createGrammarForJsonSchema(SCHEMA)).grammar;
    // The library's grammar admits a newline and an indent at each nesting level (what this
    // module exists to remove); if its rule names change, this says so before tokens are wasted.
    assert.ok(newlines(full).length >= 3, full);
    const compact = compactJsonGbnf(full);
    assert.deepEqual(newlines(compact), [], compact);
    assert.match(compact, /^whitespace-b-1-4-rule ::= \[ \]\?$/m);
    assert.match(compact, /^comma-whitespace-b-2-4-rule ::= "," \[ \]\?$/m);
    // Nothing else changed: the same rules, in the same order.
    const ruleNames = (g: string) => g.split('\n').map((l) => l.split(' ::= ')[0]);
    assert.deepEqual(ruleNames(compact), ruleNames(full));
  });

  it('compiles in llama.cpp and parses with the schema check', async () => {
    const json = await createCompactJsonGrammar<{ people: string[] }>(llama, SCHEMA);
    assert.deepEqual(newlines(json.grammar.grammar), []);
    assert.equal(json.grammar.stopGenerationTriggers.length, 1);
    const ok = json.parse('{"people": ["Ada"], "events": [{"what": "met", "year": 1833}], "summary": "x"}');
    assert.deepEqual(ok.people, ['Ada']);
    assert.throws(() => json.parse('{"people": "Ada"}'));
  });
});
