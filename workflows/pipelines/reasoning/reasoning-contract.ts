// `POST /pipelines/reasoning`: one question reasoned through by several independent chains
// (approach, model, seed), their final answers extracted under a grammar and voted on.
// The shapes come from the descriptor's schemas (reasoning.pipeline.ts).
export type {
  ReasoningChain,
  ReasoningPipelineInput,
  ReasoningPipelineResult,
} from './reasoning.pipeline.js';

export const ANSWER_FORMATS = ['number', 'label', 'text'] as const;
export type AnswerFormat = (typeof ANSWER_FORMATS)[number];

export const REASONING_DEFAULTS = {
  chains: 5,
  approaches: [
    'step by step',
    'by working backwards from what the answer must satisfy',
    'by analogy with a simpler problem you know',
    'by listing the assumptions first, then reasoning from them',
    'by estimating first, then checking the estimate',
  ],
  answerFormat: 'text' as AnswerFormat,
  maxTokens: 200,
  minSuccesses: 1,
} as const;
