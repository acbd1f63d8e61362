// Converts a Hugging Face BERT sentence-embedding model (config.json, vocab.txt, model.safetensors
// with F32 weights) into a GGUF file that llama.cpp (and so node-llama-cpp) loads as an embedding
// model. Plain JavaScript, no Python packages: the set-up runs it before anything is compiled, and
// the registries here serve the model only as safetensors. The tensor names and metadata keys are
// llama.cpp's (gguf-py's constants.py, MODEL_ARCH.BERT); weight matrices become Q8_0 (or F16), vectors
// stay F32.
import { closeSync, openSync, readFileSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const GGUF_VERSION = 3;
const ALIGNMENT = 32;
const TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 };
const GGML = { F32: 0, F16: 1, Q8_0: 8 };
const FILE_TYPE = { f16: 1, q8_0: 7 };
const POOLING = { mean: 1, cls: 2 };
const TOKEN_TYPE = { normal: 1, control: 3 };

/** Hugging Face BERT tensor names -> llama.cpp's; undefined drops a tensor (position ids, pooler). */
export function ggufTensorName(name) {
  const n = name.replace(/^bert\./, '');
  const fixed = {
    'embeddings.word_embeddings.weight': 'token_embd.weight',
    'embeddings.position_embeddings.weight': 'position_embd.weight',
    'embeddings.token_type_embeddings.weight': 'token_types.weight',
    'embeddings.LayerNorm.weight': 'token_embd_norm.weight',
    'embeddings.LayerNorm.bias': 'token_embd_norm.bias',
  };
  if (n in fixed) return fixed[n];
  const m = /^encoder\.layer\.(\d+)\.(.+)\.(weight|bias)$/.exec(n);
  if (!m) return undefined;
  const part = {
    'attention.self.query': 'attn_q',
    'attention.self.key': 'attn_k',
    'attention.self.value': 'attn_v',
    'attention.output.dense': 'attn_output',
    'attention.output.LayerNorm': 'attn_output_norm',
    'intermediate.dense': 'ffn_up',
    'output.dense': 'ffn_down',
    'output.LayerNorm': 'layer_output_norm',
  }[m[2]];
  return part ? `blk.${m[1]}.${part}.${m[3]}` : undefined;
}

/** IEEE half from a float, rounded to nearest even (Node 20 has no Math.f16round). */
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function toHalf(value) {
  f32[0] = value;
  const x = u32[0];
  const sign = (x >>> 16) & 0x8000;
  const exp = (x >>> 23) & 0xff;
  let mant = x & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // inf, nan
  let e = exp - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow
  if (e <= 0) {
    if (e < -10) return sign; // underflow to zero
    mant |= 0x800000;
    const shift = 14 - e;
    const half = mant >>> shift;
    const rest = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (e << 10) | (mant >>> 13);
  const rest = mant & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0)); // a carry rounds up the exponent, as it should
}

class Writer {
  constructor() {
    this.chunks = [];
    this.length = 0;
  }
  push(buf) {
    this.chunks.push(buf);
    this.length += buf.length;
  }
  u32(v) {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v) {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v) {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v) {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  string(s) {
    const b = Buffer.from(s, 'utf8');
    this.u64(b.length);
    this.push(b);
  }
  pad(to = ALIGNMENT) {
    const n = (to - (this.length % to)) % to;
    if (n) this.push(Buffer.alloc(n));
  }
  kv(key, type, value) {
    this.string(key);
    this.u32(type);
    if (type === TYPE.u32) this.u32(value);
    else if (type === TYPE.f32) this.f32(value);
    else if (type === TYPE.bool) this.push(Buffer.from([value ? 1 : 0]));
    else if (type === TYPE.string) this.string(value);
    else throw new Error(`unsupported metadata type ${type}`);
  }
  array(key, type, values) {
    this.string(key);
    this.u32(TYPE.array);
    this.u32(type);
    this.u64(values.length);
    for (const v of values) type === TYPE.string ? this.string(v) : this.i32(v);
  }
}

function byteLength(t) {
  if (t.type === GGML.Q8_0) return (t.count / 32) * 34;
  return t.count * (t.type === GGML.F16 ? 2 : 4);
}

/** F32 bytes as the tensor's type: F16, or Q8_0 (blocks of 32: an F16 scale and 32 int8). */
function encode(t, raw) {
  if (t.type === GGML.F32) return raw;
  const out = Buffer.alloc(byteLength(t));
  if (t.type === GGML.F16) {
    for (let i = 0; i < t.count; i++) out.writeUInt16LE(toHalf(raw.readFloatLE(i * 4)), i * 2);
    return out;
  }
  for (let b = 0; b < t.count / 32; b++) {
    let amax = 0;
    for (let j = 0; j < 32; j++) amax = Math.max(amax, Math.abs(raw.readFloatLE((b * 32 + j) * 4)));
    const d = amax / 127;
    const inv = d ? 1 / d : 0;
    out.writeUInt16LE(toHalf(d), b * 34);
    for (let j = 0; j < 32; j++)
      out.writeInt8(Math.round(raw.readFloatLE((b * 32 + j) * 4) * inv), b * 34 + 2 + j);
  }
  return out;
}

function readSafetensors(path) {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(8);
  readSync(fd, head, 0, 8, 0);
  const size = Number(head.readBigUInt64LE());
  const json = Buffer.alloc(size);
  readSync(fd, json, 0, size, 8);
  closeSync(fd);
  const header = JSON.parse(json.toString('utf8'));
  delete header.__metadata__;
  return { header, dataStart: 8 + size };
}

/** Writes `out` from the model folder `dir`; returns what it wrote. */
export function convertBertToGguf(dir, out, name, weights = 'q8_0') {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
  if (config.model_type !== 'bert') throw new Error(`${dir}: model_type "${config.model_type}" is not bert`);
  let pooling = 'mean';
  try {
    const p = JSON.parse(readFileSync(join(dir, '1_Pooling', 'config.json'), 'utf8'));
    if (p.pooling_mode_cls_token) pooling = 'cls';
  } catch {
    // no sentence-transformers pooling config: mean, like sentence-transformers' default
  }
  const vocab = readFileSync(join(dir, 'vocab.txt'), 'utf8').split('\n');
  if (vocab.at(-1) === '') vocab.pop();
  // llama.cpp's WordPiece vocabulary marks a word start with U+2581 and drops "##" (convert_hf_to_gguf.py).
  const tokens = vocab.map((t) => (/^\[.*\]$/.test(t) ? t : t.startsWith('##') ? t.slice(2) : `\u2581${t}`));
  const special = new Set(['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']);
  const idOf = (t) => {
    const i = vocab.indexOf(t);
    if (i < 0) throw new Error(`${dir}: vocab.txt has no ${t}`);
    return i;
  };

  const { header, dataStart } = readSafetensors(join(dir, 'model.safetensors'));
  const tensors = [];
  for (const [hfName, info] of Object.entries(header)) {
    const gguf = ggufTensorName(hfName);
    if (!gguf) continue;
    if (info.dtype !== 'F32') throw new Error(`${hfName}: dtype ${info.dtype}, expected F32`);
    const matrix = info.shape.length === 2 && info.shape[1] % 32 === 0 && !gguf.startsWith('token_types');
    const type = matrix ? (weights === 'f16' ? GGML.F16 : GGML.Q8_0) : GGML.F32;
    const count = info.shape.reduce((a, b) => a * b, 1);
    tensors.push({ name: gguf, shape: info.shape, type, count, from: dataStart + info.data_offsets[0] });
  }
  tensors.sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));

  const arch = 'bert';
  const w = new Writer();
  const kvs = [
    ['general.architecture', TYPE.string, arch],
    ['general.name', TYPE.string, name],
    ['general.file_type', TYPE.u32, FILE_TYPE[weights]],
    ['general.alignment', TYPE.u32, ALIGNMENT],
    [`${arch}.context_length`, TYPE.u32, config.max_position_embeddings],
    [`${arch}.embedding_length`, TYPE.u32, config.hidden_size],
    [`${arch}.feed_forward_length`, TYPE.u32, config.intermediate_size],
    [`${arch}.block_count`, TYPE.u32, config.num_hidden_layers],
    [`${arch}.attention.head_count`, TYPE.u32, config.num_attention_heads],
    [`${arch}.attention.layer_norm_epsilon`, TYPE.f32, config.layer_norm_eps],
    [`${arch}.attention.causal`, TYPE.bool, false],
    [`${arch}.pooling_type`, TYPE.u32, POOLING[pooling]],
    ['tokenizer.ggml.model', TYPE.string, 'bert'],
    ['tokenizer.ggml.pre', TYPE.string, 'default'],
    ['tokenizer.ggml.token_type_count', TYPE.u32, config.type_vocab_size ?? 2],
    ['tokenizer.ggml.bos_token_id', TYPE.u32, idOf('[CLS]')],
    ['tokenizer.ggml.unknown_token_id', TYPE.u32, idOf('[UNK]')],
    ['tokenizer.ggml.seperator_token_id', TYPE.u32, idOf('[SEP]')],
    ['tokenizer.ggml.padding_token_id', TYPE.u32, idOf('[PAD]')],
    ['tokenizer.ggml.mask_token_id', TYPE.u32, idOf('[MASK]')],
    ['tokenizer.ggml.add_bos_token', TYPE.bool, true],
    ['tokenizer.ggml.add_sep_token', TYPE.bool, true],
  ];
  w.push(Buffer.from('GGUF', 'ascii'));
  w.u32(GGUF_VERSION);
  w.u64(tensors.length);
  w.u64(kvs.length + 2);
  for (const [key, type, value] of kvs) w.kv(key, type, value);
  w.array('tokenizer.ggml.tokens', TYPE.string, tokens);
  w.array(
    'tokenizer.ggml.token_type',
    TYPE.i32,
    vocab.map((t) => (special.has(t) ? TOKEN_TYPE.control : TOKEN_TYPE.normal)),
  );
  let offset = 0;
  for (const t of tensors) {
    w.string(t.name);
    w.u32(t.shape.length);
    for (const d of [...t.shape].reverse()) w.u64(d); // ggml's dimensions run innermost first
    w.u32(t.type);
    w.u64(offset);
    t.offset = offset;
    const bytes = byteLength(t);
    offset += bytes + ((ALIGNMENT - (bytes % ALIGNMENT)) % ALIGNMENT);
  }
  w.pad();

  const src = openSync(join(dir, 'model.safetensors'), 'r');
  const dst = openSync(out, 'w');
  try {
    for (const c of w.chunks) writeSync(dst, c);
    for (const t of tensors) {
      const raw = Buffer.alloc(t.count * 4);
      readSync(src, raw, 0, raw.length, t.from);
      const data = encode(t, raw);
      writeSync(dst, data);
      const pad = (ALIGNMENT - (data.length % ALIGNMENT)) % ALIGNMENT;
      if (pad) writeSync(dst, Buffer.alloc(pad));
    }
  } finally {
    closeSync(src);
    closeSync(dst);
  }
  return { tensors: tensors.length, tokens: tokens.length, pooling };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [dir, out, name = 'all-MiniLM-L6-v2', weights] = process.argv.slice(2);
  if (!dir || !out) {
    console.error('usage: node bert-to-gguf.mjs <model folder> <out.gguf> [name]');
    process.exit(2);
  }
  console.log(convertBertToGguf(dir, out, name, weights));
}
