/**
 * Under `npm start` every process runs in its own process group, so a supervisor that dies
 * without a chance to clean up (SIGKILL, OOM) would leave them running. With EXIT_WITH_PARENT=1
 * (set by the supervisor) a process notices it was orphaned and shuts itself down gracefully.
 */
export function exitWithParent(
  name: string,
  onOrphaned: () => void = () => process.kill(process.pid, 'SIGTERM'),
): void {
  if (process.env.EXIT_WITH_PARENT !== '1') return;
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) {
      console.error(`[${name}] the supervisor is gone: shutting down`);
      onOrphaned();
    }
  }, 1_000).unref();
}
