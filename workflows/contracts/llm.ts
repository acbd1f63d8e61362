// Inputs and outputs of the llm.* activities (GPU worker). Each input names its model; the
// model picks the task queue, so only a worker that has loaded that model receives the call.
// Every output carries the call's stats (model, token counts, time), from which `usage` is summed.

import type { LiveTarget } from './live.js';
import type { LlmCallStats } from './usage.js';

/** "use": a deterministic call may be answered from the result cache (see LLM_CACHE); "skip": never. */
export interface CacheOption {
  cache?: 'use' | 'skip';
}

export interface SamplingOptions extends CacheOption {
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
  /** Set by the workflow library when the run streams tokens: where to publish them. */
  live?: LiveTarget;
}

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface LlmChatInput extends SamplingOptions {
  model: string;
  /** Conversation so far; the last message must be the user's. */
  messages: ChatMessage[];
  /** Set by the workflow library when the run streams tokens: where to publish them. */
  live?: LiveTarget;
}

export interface LlmGenerateOutput extends LlmCallStats {
  text: string;
}

export interface LlmJsonInput extends SamplingOptions {
  model: string;
  prompt: string;
  system?: string;
  /** JSON Schema (the subset node-llama-cpp turns into a grammar): output always parses. */
  schema: Record<string, unknown>;
  /** Set by the workflow library when the run streams tokens: the JSON text as it is written. */
  live?: LiveTarget;
}

export interface LlmJsonOutput extends LlmCallStats {
  /** The parsed object, conforming to the schema. */
  data: unknown;
}

export interface LlmClassifyInput extends CacheOption {
  model: string;
  text: string;
  labels: string[];
  instructions?: string;
}

/**
 * How llm.classify lays out its prompt: its instructions as the system message, then a user
 * message of this, the text, and a line asking for the label. A caller whose classifications
 * should continue the prompt of another call (research's claim checks continue their source's
 * analysis) gives that call the same system message and starts its prompt with this.
 */
export const CLASSIFY_TEXT_PREFIX = 'Text: ';

export interface LlmClassifyOutput extends LlmCallStats {
  label: string;
}

export interface LlmEmbedInput extends CacheOption {
  model: string;
  text: string;
}

export interface LlmEmbedOutput extends LlmCallStats {
  vector: number[];
  dimensions: number;
}

/**
 * A text, or an output that carries one (`{ text }`, as llm.generate returns): a forEach of
 * generations can feed a synthesis directly. Null elements (skipped failures) are left out.
 */
export type TextLike = string | { text: string } | null;

export interface LlmConsensusInput extends CacheOption {
  model: string;
  /** Texts to compare. */
  texts: TextLike[];
}

export interface LlmConsensusOutput extends LlmCallStats {
  /** The medoid: the text with the highest mean cosine similarity to the others. */
  bestIndex: number;
  /** Mean pairwise cosine similarity of all texts (1 = identical meaning). */
  score: number;
  /** Cosine similarity of every pair, a symmetric matrix with ones on the diagonal. */
  similarity: number[][];
}

export interface LlmJudgeInput extends SamplingOptions {
  model: string;
  candidates: TextLike[];
  /** What makes a candidate best, e.g. "most accurate and concise". */
  criteria: string;
}

export interface LlmJudgeOutput extends LlmCallStats {
  /** Always a valid index into candidates (the grammar allows no other). */
  bestIndex: number;
  reason: string;
}

export interface LlmSynthesizeInput extends SamplingOptions {
  model: string;
  texts: TextLike[];
  /** What to produce from the texts, e.g. "Merge these analyses into one report". */
  instruction: string;
}

export interface LlmSynthesizeOutput extends LlmCallStats {
  text: string;
  /** Merge levels: 1 when every text fit one prompt, more when merged hierarchically. */
  levels: number;
}

export const DEFAULT_MAX_TOKENS = 256;
