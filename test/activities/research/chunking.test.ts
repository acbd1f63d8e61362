import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  chunkDocument,
  cleanMarkdown,
  documentsOf,
  embeddingText,
} from '../../../activities/research/chunking.js';

describe('research chunking', () => {
  it('drops badges, images, HTML and link targets, keeping link text', () => {
    const md =
      '[![npm](https://img/x.svg)](https://npm/x)\n<p align="center">Hi</p>\nSee [the docs](https://a.b/(c)) now. ![logo](l.png)';
    assert.equal(cleanMarkdown(md), 'Hi\nSee the docs now.');
  });

  it('titles a Markdown file by its level-1 heading, else by its file name', () => {
    assert.equal(documentsOf('a.md', '# Real Title\n\nText here.')[0]!.title, 'Real Title');
    assert.equal(
      documentsOf('@nestjs__terminus.md', '## Description\n\nHealth checks.')[0]!.title,
      '@nestjs/terminus',
    );
  });

  it('reads one document per JSONL line with text, skipping broken and empty lines', () => {
    const docs = documentsOf('d.jsonl', '{"text":"one","title":"T1"}\nnot json\n{"x":1}\n\n{"text":"two"}\n');
    assert.deepEqual(
      docs.map((d) => [d.path, d.title, d.text]),
      [
        ['d.jsonl#1', 'T1', 'one'],
        ['d.jsonl#5', 'd #5', 'two'],
      ],
    );
  });

  it('packs paragraphs up to the size, splits long ones, remembers headings and numbers chunks from firstId', () => {
    const para = (c: string) => `${c.repeat(30)} `.repeat(3).trim(); // ~92 chars
    const text = `# Title\n\n${para('a')}\n\n## Install\n\n${para('b')}\n\n${para('c')}\n\n${'word '.repeat(100)}`;
    const chunks = chunkDocument({ path: 'p.md', title: 'Title', text }, 200, 7);
    assert.deepEqual(
      chunks.map((c) => c.id),
      chunks.map((_, i) => 7 + i),
    );
    assert.ok(
      chunks.every((c) => c.text.length <= 200),
      JSON.stringify(chunks.map((c) => c.text.length)),
    );
    // Nothing is lost: every paragraph's words, in order (headings start chunks but are kept too).
    const words = (t: string) => t.split(/\s+/).filter(Boolean);
    assert.deepEqual(words(chunks.map((c) => c.text).join(' ')), words(text));
    assert.equal(chunks.find((c) => c.text.includes('bbb'))!.heading, 'Install');
    assert.match(embeddingText(chunks.find((c) => c.text.includes('bbb'))!), /^Title — Install\n/);
  });

  it('leaves out fragments with almost no letters', () => {
    assert.deepEqual(chunkDocument({ path: 'p', title: 't', text: '---\n\n***' }, 500, 0), []);
  });
});
