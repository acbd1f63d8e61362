import type { ModelHost } from './model-host.js';

/**
 * An error node-llama-cpp raises outside any call (a rejection in its batch loop, with no caller
 * to receive it) must not end the worker process: the calls running on the models fail
 * (retryably) and the worker keeps serving. Returns the function that removes the handler.
 */
export function failCallsOnEscape(hosts: Iterable<ModelHost>, log: (line: string) => void): () => void {
  const models = [...hosts];
  const onEscape = (reason: unknown) => {
    log(
      `error outside any call, failing the calls in flight: ${reason instanceof Error ? reason.stack : String(reason)}`,
    );
    for (const host of models) host.failInFlight(reason);
  };
  process.on('unhandledRejection', onEscape);
  return () => process.off('unhandledRejection', onEscape);
}
