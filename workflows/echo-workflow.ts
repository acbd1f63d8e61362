import type { EchoInput, EchoOutput } from './contracts/index.js';
import { runActivity } from './lib/activity-runner.js';
import { liveRun } from './lib/live.js';

/** Smallest end-to-end path: one CPU activity, its answer returned. */
export function echoWorkflow(input: EchoInput): Promise<EchoOutput> {
  return liveRun(undefined, () => echoSteps(input));
}

async function echoSteps(input: EchoInput): Promise<EchoOutput> {
  // util.echo returns what it is given (typed unknown: it takes any value). It runs on the CPU
  // worker, not locally: this workflow is the check that the whole path works.
  const echoed = (await runActivity('util.echo', input, { remote: true })) as EchoInput;
  return { message: echoed.message, echoedBy: 'util.echo' };
}
