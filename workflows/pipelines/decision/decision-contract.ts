// `POST /pipelines/decision`: options scored under several strategies, weighed by perspectives.
// The shapes come from the descriptor's schemas (decision.pipeline.ts).
export type {
  DecisionEvaluation,
  DecisionPipelineInput,
  DecisionPipelineResult,
  PerspectiveRanking,
} from './decision.pipeline.js';

export const DECISION_DEFAULTS = {
  strategies: ['cost-benefit', 'risk assessment', 'stakeholder impact', 'timeline'],
  perspectives: ['short-term', 'long-term', 'risk-averse', 'opportunity-focused'],
  maxTokens: 160,
} as const;
