import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  markerProblems,
  MAX_TEMPLATE_CHARS,
  NO_OUTPUTS,
  resolveMarkers,
  templateRefs,
} from '../../../../workflows/contracts/index.js';

// The placeholder scanner: the same reading as the pattern it replaced, in linear time.
const OLD_PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;
const item = { value: { a: 'A', b: { c: 'C' } }, index: 3 };

describe('template placeholders', () => {
  it('reads templates as the old pattern did', () => {
    const samples = [
      '{{$item.a}} and {{ $item.b.c }}',
      '{{{$item.a}}}',
      '{{ x {{$item.a}}',
      'no placeholders } { }} {{',
      '{{$index}}{{$item.a}}}}{{',
      '{{\n\t$item.a \n}}',
      '{{a}b}} {{$item.a}}',
    ];
    for (const t of samples) {
      const old = [...t.matchAll(OLD_PLACEHOLDER)].map((m) => m[1]);
      assert.deepEqual(
        templateRefs(t).map((r) => r.text),
        old,
        t,
      );
      const oldFilled = t.replace(OLD_PLACEHOLDER, (_w, inner: string) =>
        inner === '$index' ? '3' : inner === '$item.a' ? 'A' : 'C',
      );
      const filled = resolveMarkers({ $template: t }, { outputs: NO_OUTPUTS, item });
      if (typeof filled === 'string') assert.equal(filled, oldFilled, t);
    }
  });

  it('names what is wrong with a template', () => {
    const problems = (t: string) =>
      markerProblems({ $template: t }, { nodes: new Set(['n']), item: true }).map(([, m]) => m);
    assert.match(problems('Hello {{$item.a')[0]!, /unclosed "\{\{"/);
    assert.match(problems('{{$item.a}} then {{ unclosed')[0]!, /unclosed "\{\{"/);
    assert.match(problems('{{ }}')[0]!, /empty placeholder/);
    assert.match(problems('{{$item.constructor}}')[0]!, /names "constructor", which is not data/);
    assert.match(problems('{{n.__proto__.x}}')[0]!, /names "__proto__"/);
    assert.match(problems('{{$item..a}}')[0]!, /empty field name/);
    assert.match(problems('{{missing.x}}')[0]!, /node "missing" is not in dependsOn|cannot be referenced/);
    assert.match(problems('x'.repeat(MAX_TEMPLATE_CHARS + 1))[0]!, /at most 100000/);
    assert.deepEqual(problems('{{$item.a}}: {{n.text}}'), []);
  });

  it('scans in time linear in the length, also on adversarial inputs', () => {
    // Inputs on which a backtracking pattern is quadratic or worse. The check scales the size
    // by 16: a linear scan grows about 16×, a quadratic one 256×. Medians of several tries.
    const adversarial = [
      (n: number) => '{{' + ' '.repeat(n),
      (n: number) => '{{'.repeat(n / 2),
      (n: number) => ('{{ ' + 'a'.repeat(30) + ' ').repeat(n / 34),
      (n: number) => '{{' + ' '.repeat(n / 2) + 'x' + ' '.repeat(n / 2) + '}',
    ];
    const time = (t: string) => {
      const tries: number[] = [];
      for (let k = 0; k < 7; k++) {
        const started = process.hrtime.bigint();
        for (let r = 0; r < 20; r++) {
          templateRefs(t);
          markerProblems({ $template: t }, { nodes: new Set(), item: true });
        }
        tries.push(Number(process.hrtime.bigint() - started));
      }
      return tries.sort((a, b) => a - b)[3]!;
    };
    for (const make of adversarial) {
      const small = time(make(4_000));
      const large = time(make(64_000));
      assert.ok(large / small < 64, `16× the size took ${(large / small).toFixed(1)}× the time`);
    }
  });
});
