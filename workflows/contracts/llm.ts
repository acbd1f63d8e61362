// Inputs and outputs of the llm.* activities (GPU worker). Each input names its model; the
// model picks the task queue, so only a worker that has loaded that model receives the call.

export interface SamplingOptions {
  maxTokens?: number;
  /** 0 (the default) decodes greedily: with a seed, output repeats exactly. */
  temperature?: number;
  seed?: number;
  /** Extra stop strings. */
  stop?: string[];
}

export interface LlmGenerateInput extends SamplingOptions {
  model: string;
  prompt: string;
  system?: string;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmChatInput extends SamplingOptions {
  model: string;
  /** Conversation so far; the last message must be the user's. */
  messages: ChatMessage[];
}

export interface LlmGenerateOutput {
  text: string;
  model: string;
  promptTokens: number;
  completionTokens: number;
  ms: number;
}

export interface LlmJsonInput extends SamplingOptions {
  model: string;
  prompt: string;
  system?: string;
  /** JSON Schema (the subset node-llama-cpp turns into a grammar): output always parses. */
  schema: Record<string, unknown>;
}

export interface LlmClassifyInput {
  model: string;
  text: string;
  labels: string[];
  instructions?: string;
}

export interface LlmClassifyOutput {
  label: string;
}

export interface LlmEmbedInput {
  model: string;
  text: string;
}

export interface LlmEmbedOutput {
  vector: number[];
  dimensions: number;
}

export const DEFAULT_MAX_TOKENS = 256;
