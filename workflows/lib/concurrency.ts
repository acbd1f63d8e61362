/**
 * Runs `count` jobs with at most `limit` in flight, in index order. Deterministic in a
 * workflow: completions are delivered in history order. `shouldStop` lets a caller stop
 * launching (e.g. before continue-as-new); returns how many jobs were launched.
 */
export async function runBounded(
  count: number,
  limit: number,
  job: (index: number) => Promise<void>,
  shouldStop: () => boolean = () => false,
): Promise<number> {
  let next = 0;
  let failed = false;
  const lane = async () => {
    while (next < count && !failed && !shouldStop()) {
      try {
        await job(next++);
      } catch (err) {
        failed = true; // the other lanes launch nothing more
        throw err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, count)) }, lane));
  return next;
}
