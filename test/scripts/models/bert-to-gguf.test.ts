import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { readGgufFileInfo } from 'node-llama-cpp';
import { fromRoot } from '../../../config/project-root.js';

/** The set-up's converter: plain JavaScript run before anything is compiled, so loaded by path. */
interface Converter {
  convertBertToGguf: (
    dir: string,
    out: string,
    name: string,
    weights?: 'q8_0' | 'f16',
  ) => { tensors: number; tokens: number; pooling: string };
  ggufTensorName: (name: string) => string | undefined;
  toHalf: (x: number) => number;
}
const {
  convertBertToGguf: convert,
  ggufTensorName: tensorName,
  toHalf: half,
} = (await import(pathToFileURL(fromRoot('scripts', 'models', 'bert-to-gguf.mjs')).href)) as Converter;

/** A BERT folder as Hugging Face lays it out, 2 layers of width 32, with F32 weights. */
function tinyBert(dir: string): void {
  const hidden = 32;
  const vocab = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]', 'hello', 'world', '##s'];
  writeFileSync(
    join(dir, 'config.json'),
    JSON.stringify({
      model_type: 'bert',
      hidden_size: hidden,
      intermediate_size: 64,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      max_position_embeddings: 64,
      layer_norm_eps: 1e-12,
      type_vocab_size: 2,
    }),
  );
  writeFileSync(join(dir, 'vocab.txt'), `${vocab.join('\n')}\n`);
  const shapes: Record<string, number[]> = {
    'embeddings.position_ids': [1, 64],
    'embeddings.word_embeddings.weight': [vocab.length, hidden],
    'embeddings.position_embeddings.weight': [64, hidden],
    'embeddings.token_type_embeddings.weight': [2, hidden],
    'embeddings.LayerNorm.weight': [hidden],
    'embeddings.LayerNorm.bias': [hidden],
    'pooler.dense.weight': [hidden, hidden],
  };
  for (const l of [0, 1]) {
    for (const p of [
      'attention.self.query',
      'attention.self.key',
      'attention.self.value',
      'attention.output.dense',
    ]) {
      shapes[`encoder.layer.${l}.${p}.weight`] = [hidden, hidden];
      shapes[`encoder.layer.${l}.${p}.bias`] = [hidden];
    }
    shapes[`encoder.layer.${l}.intermediate.dense.weight`] = [64, hidden];
    shapes[`encoder.layer.${l}.intermediate.dense.bias`] = [64];
    shapes[`encoder.layer.${l}.output.dense.weight`] = [hidden, 64];
    shapes[`encoder.layer.${l}.output.dense.bias`] = [hidden];
    for (const n of ['attention.output.LayerNorm', 'output.LayerNorm']) {
      shapes[`encoder.layer.${l}.${n}.weight`] = [hidden];
      shapes[`encoder.layer.${l}.${n}.bias`] = [hidden];
    }
  }
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [name, shape] of Object.entries(shapes)) {
    const count = shape.reduce((a, b) => a * b, 1);
    const dtype = name.endsWith('position_ids') ? 'I64' : 'F32';
    const data = Buffer.alloc(count * (dtype === 'I64' ? 8 : 4));
    if (dtype === 'F32') for (let i = 0; i < count; i++) data.writeFloatLE(Math.sin(i + offset) / 10, i * 4);
    header[name] = { dtype, shape, data_offsets: [offset, offset + data.length] };
    parts.push(data);
    offset += data.length;
  }
  const json = Buffer.from(JSON.stringify(header));
  const size = Buffer.alloc(8);
  size.writeBigUInt64LE(BigInt(json.length));
  writeFileSync(join(dir, 'model.safetensors'), Buffer.concat([size, json, ...parts]));
}

describe('bert-to-gguf (the set-up converts the embedding model)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bert-gguf-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('rounds floats to IEEE halves to nearest even', () => {
    assert.equal(half(1), 0x3c00);
    assert.equal(half(-2), 0xc000);
    assert.equal(half(65504), 0x7bff);
    assert.equal(half(1e6), 0x7c00); // beyond the largest half: infinity
    assert.equal(half(0.1), 0x2e66);
    assert.equal(half(2 ** -24), 0x0001); // the smallest subnormal
    assert.equal(half(2 ** -26), 0); // below half of it: zero
    assert.equal(half(1 + 2 ** -11), 0x3c00); // a tie goes to the even mantissa
    assert.equal(half(1 + 3 * 2 ** -11), 0x3c02);
    assert.ok(
      Number.isNaN(Number.NaN) && (half(Number.NaN) & 0x7c00) === 0x7c00 && (half(Number.NaN) & 0x3ff) !== 0,
    );
  });

  it("names tensors as llama.cpp's BERT architecture does and drops what embeddings do not use", () => {
    assert.equal(tensorName('embeddings.word_embeddings.weight'), 'token_embd.weight');
    assert.equal(tensorName('bert.embeddings.LayerNorm.bias'), 'token_embd_norm.bias');
    assert.equal(tensorName('encoder.layer.5.attention.self.query.weight'), 'blk.5.attn_q.weight');
    assert.equal(
      tensorName('encoder.layer.0.attention.output.LayerNorm.weight'),
      'blk.0.attn_output_norm.weight',
    );
    assert.equal(tensorName('encoder.layer.1.intermediate.dense.bias'), 'blk.1.ffn_up.bias');
    assert.equal(tensorName('encoder.layer.1.output.dense.weight'), 'blk.1.ffn_down.weight');
    assert.equal(tensorName('encoder.layer.1.output.LayerNorm.bias'), 'blk.1.layer_output_norm.bias');
    assert.equal(tensorName('embeddings.position_ids'), undefined);
    assert.equal(tensorName('pooler.dense.weight'), undefined);
  });

  for (const weights of ['q8_0', 'f16'] as const) {
    it(`writes a GGUF (${weights}) that node-llama-cpp's own reader parses: metadata, vocabulary, tensors`, async () => {
      const model = join(dir, `model-${weights}`);
      mkdirSync(model);
      tinyBert(model);
      const out = join(dir, `tiny-${weights}.gguf`);
      assert.deepEqual(convert(model, out, 'tiny', weights), {
        tensors: 5 + 2 * 16,
        tokens: 8,
        pooling: 'mean',
      });
      const info = await readGgufFileInfo(out, { readTensorInfo: true });
      const meta = info.metadata as unknown as Record<string, Record<string, unknown>>;
      assert.equal(meta.general!.architecture, 'bert');
      assert.equal(meta.general!.file_type, weights === 'q8_0' ? 7 : 1);
      const bert = meta.bert as {
        embedding_length: number;
        block_count: number;
        attention: { causal: boolean };
        pooling_type: number;
      };
      assert.deepEqual(
        [bert.embedding_length, bert.block_count, bert.attention.causal, bert.pooling_type],
        [32, 2, false, 1],
      );
      const tokenizer = (
        meta.tokenizer as { ggml: { model: string; tokens: string[]; token_type: number[] } }
      ).ggml;
      assert.equal(tokenizer.model, 'bert');
      // Word starts carry U+2581, "##" pieces lose it, special tokens stay as they are.
      assert.deepEqual(tokenizer.tokens.slice(4), ['[MASK]', '\u2581hello', '\u2581world', 's']);
      assert.deepEqual(tokenizer.token_type, [3, 3, 3, 3, 3, 1, 1, 1]);
      const tensors = new Map(info.fullTensorInfo!.map((t) => [t.name, t]));
      const q = tensors.get('blk.1.attn_q.weight')!;
      assert.deepEqual(q.dimensions.map(Number), [32, 32]);
      assert.equal(q.ggmlType, weights === 'q8_0' ? 8 : 1);
      assert.deepEqual(tensors.get('blk.1.ffn_up.weight')!.dimensions.map(Number), [32, 64]); // innermost first
      assert.equal(tensors.get('token_embd_norm.bias')!.ggmlType, 0);
      assert.ok(!tensors.has('pooler.dense.weight'));
    });
  }
});
