// The smallest end-to-end workflow: API -> Temporal -> workflow worker -> CPU worker -> result.

export interface EchoInput {
  message: string;
}

export interface EchoOutput {
  message: string;
  /** Which activity produced it, proving the CPU queue served the call. */
  echoedBy: string;
}
