import { getLlama, LlamaLogLevel } from 'node-llama-cpp';
import type { Llama } from 'node-llama-cpp';

export interface LlamaRuntimeOptions {
  gpu: 'auto' | 'cuda' | 'metal' | 'vulkan' | false;
  /** CPU threads for llama.cpp; its own default (at least 4) oversubscribes small machines. */
  threads: number;
}

/**
 * Picks CUDA, Metal or Vulkan when present, else the CPU, from node-llama-cpp's prebuilt
 * binaries; never compiles llama.cpp at run time.
 */
export async function loadLlama(options: LlamaRuntimeOptions): Promise<Llama> {
  return getLlama({
    gpu: options.gpu,
    build: 'never',
    maxThreads: options.threads,
    progressLogs: false,
    logLevel: LlamaLogLevel.warn,
    logger: logLlamaMessage,
  });
}

// llama.cpp says the first on every embedding with a causal model: expected, and thousands of
// lines during a research index build. node-llama-cpp says the second when the bundled embedding
// model loads: it is uncased (it lower-cases text), as it was trained.
const EXPECTED = [
  /embeddings required but some input tokens were not marked as outputs/,
  /all-MiniLM-L6-v2\.Q8_0\.gguf"\) to tokenize text and then detokenize it resulted in a different text/,
];

function logLlamaMessage(level: LlamaLogLevel, message: string): void {
  if (EXPECTED.some((pattern) => pattern.test(message))) return;
  const line = `[llama.cpp] ${message.trimEnd()}`;
  if (level === LlamaLogLevel.error || level === LlamaLogLevel.fatal) console.error(line);
  else console.warn(line);
}

export async function describeLlama(llama: Llama): Promise<string> {
  const backend = llama.gpu === false ? 'cpu' : llama.gpu;
  const parts = [`backend=${backend}`, `threads=${llama.maxThreads}`];
  if (llama.gpu !== false) {
    const vram = await llama.getVramState();
    const devices = await llama.getGpuDeviceNames();
    parts.push(`devices=${devices.join('|')}`, `vramTotalMiB=${Math.round(vram.total / 2 ** 20)}`);
  }
  return parts.join(' ');
}
