import type { EchoInput, EchoOutput } from './contracts/index.js';
import { runActivity } from './lib/activity-runner.js';

/** Smallest end-to-end path: one CPU activity, its answer returned. */
export async function echoWorkflow(input: EchoInput): Promise<EchoOutput> {
  const echoed = await runActivity<EchoInput>('util.echo', input);
  return { message: echoed.message, echoedBy: 'util.echo' };
}
