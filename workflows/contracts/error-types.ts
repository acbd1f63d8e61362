/**
 * The `type` of every ApplicationFailure this product raises, in one place: retry policies, the
 * API and tests match on these names, so a typo here is a compile error rather than a failure
 * that slips past a `nonRetryableErrorTypes` list.
 */
export const ERROR_TYPES = {
  // Admission: the input itself is wrong; retrying cannot help.
  InvalidInput: 'InvalidInput',
  InvalidSpec: 'InvalidSpec',
  InvalidPlan: 'InvalidPlan',
  UnknownActivity: 'UnknownActivity',
  UnknownModel: 'UnknownModel',
  UnknownTool: 'UnknownTool',
  PromptTooLong: 'PromptTooLong',
  OutputTruncated: 'OutputTruncated',
  TooMuchWork: 'TooMuchWork',
  // Execution: the work ran and did not give enough to go on.
  AllTasksFailed: 'AllTasksFailed',
  QuorumUnreachable: 'QuorumUnreachable',
  TooManyFailures: 'TooManyFailures',
  ElementFailed: 'ElementFailed',
  NodeFailed: 'NodeFailed',
  NotEnoughAnswers: 'NotEnoughAnswers',
  NotEnoughRetrievers: 'NotEnoughRetrievers',
  NoQueries: 'NoQueries',
  NoEvaluations: 'NoEvaluations',
  AllAnalyzersFailed: 'AllAnalyzersFailed',
  AllSubtasksFailed: 'AllSubtasksFailed',
  // People in the loop.
  ApprovalRejected: 'ApprovalRejected',
  ApprovalTimedOut: 'ApprovalTimedOut',
  AnswersRejected: 'AnswersRejected',
  PlanRejected: 'PlanRejected',
  // Operations.
  WorkerCrashed: 'WorkerCrashed',
  StreamDraining: 'StreamDraining',
  /** util.delay's planned failure, for tests and demos of retries. */
  PlannedFailure: 'PlannedFailure',
} as const;

export type ErrorType = (typeof ERROR_TYPES)[keyof typeof ERROR_TYPES];
