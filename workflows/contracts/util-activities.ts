// Inputs and outputs of the util.* activities.

export interface DelayInput {
  ms: number;
  value?: unknown;
  /** Fail (retryably) on this many first attempts, then succeed. */
  failTimes?: number;
}
