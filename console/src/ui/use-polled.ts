import { useEffect, useRef, useState } from 'react';

/**
 * What `load` answers, loaded now and again every `everyMs` while the page shows it; loaded anew
 * at once when `deps` change. An answer that arrives after the page moved on is dropped.
 */
export function usePolled<T>(
  load: () => Promise<T>,
  everyMs: number,
  deps: readonly unknown[],
): { data: T | undefined; error: string | undefined } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const latest = useRef(load);
  latest.current = load;
  useEffect(() => {
    let stop = false;
    const poll = () =>
      latest
        .current()
        .then((value) => {
          if (stop) return;
          setData(value);
          setError(undefined);
        })
        .catch((err: Error) => {
          if (!stop) setError(err.message);
        });
    void poll();
    const timer = setInterval(() => void poll(), everyMs);
    return () => {
      stop = true;
      clearInterval(timer);
    };
    // The caller's deps say when to load anew.
  }, [everyMs, ...deps]);
  return { data, error };
}
