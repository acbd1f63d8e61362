// What an aborted signal means to a waiting caller, in one place: the sequence pool, the
// semaphore, a model call's decode loop and a call waiting for another's prompt all use it.

/** The error an aborted wait rejects with: the signal's reason when it is one. */
export function abortError(signal: AbortSignal | undefined): Error {
  const reason: unknown = signal?.reason;
  return reason instanceof Error ? reason : new Error('aborted while waiting', { cause: reason });
}

/** A promise that rejects with abortError when the signal aborts (never resolves). */
export function abortedPromise(signal: AbortSignal): { promise: Promise<never>; dispose: () => void } {
  let onAbort = () => {};
  const promise = new Promise<never>((_, reject) => {
    onAbort = () => reject(abortError(signal));
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  promise.catch(() => undefined); // observed by the race; never unhandled
  return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/** The promise, or abortError as soon as the signal aborts. */
export async function raceAbort<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise;
  const aborted = abortedPromise(signal);
  try {
    return await Promise.race([promise, aborted.promise]);
  } finally {
    aborted.dispose();
  }
}
