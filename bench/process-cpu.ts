// CPU time of the system's processes, read from /proc (Linux): where a benchmark's load spends
// its CPU on the cores the server, the workers, the API and the load generator share.
import { readdirSync, readFileSync } from 'node:fs';

/** Linux reports utime and stime in clock ticks of 1/100 s on every architecture Node runs on. */
const MS_PER_TICK = 10;

/** A process by what it runs: the API, a worker, the Temporal server, the supervisor. */
function roleOf(pid: number): string {
  const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  if (args.some((a) => /temporal$/.test(a)) && args.includes('server')) return 'temporal server';
  const script = args.find((a) => /dist\/.+\.js$/.test(a));
  return script ? script.replace(/.*dist\//, '').replace(/\.js$/, '') : (args[0] ?? String(pid));
}

function childrenOf(pid: number): number[] {
  const tasks = readdirSync(`/proc/${pid}/task`);
  return tasks.flatMap((t) =>
    readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  );
}

function cpuMsOf(pid: number): number {
  // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * MS_PER_TICK;
}

/** CPU milliseconds so far of every process under `rootPid` (itself included), by role. */
export function processTreeCpu(rootPid: number): Map<string, number> {
  const byRole = new Map<string, number>();
  const walk = (pid: number) => {
    try {
      const role = roleOf(pid);
      byRole.set(role, (byRole.get(role) ?? 0) + cpuMsOf(pid));
      childrenOf(pid).forEach(walk);
    } catch {
      // The process ended while we looked: it has nothing more to count.
    }
  };
  walk(rootPid);
  return byRole;
}

/** CPU milliseconds so far of every process under any of `rootPids`, by role. */
function processTreesCpu(rootPids: readonly number[]): Map<string, number> {
  const byRole = new Map<string, number>();
  for (const pid of rootPids)
    for (const [role, ms] of processTreeCpu(pid)) byRole.set(role, (byRole.get(role) ?? 0) + ms);
  return byRole;
}

/**
 * Runs `work` and returns, per process role, the CPU milliseconds it cost per `units` (the bench
 * process itself as "bench", the processes under `rootPids` by what they run); undefined values
 * where /proc cannot be read or no process was named.
 */
export async function cpuPerUnit<T>(
  rootPids: readonly number[],
  units: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuMsPerUnit: Record<string, number> | undefined }> {
  const readable = rootPids.length > 0 && process.platform === 'linux';
  const before = readable ? processTreesCpu(rootPids) : undefined;
  const own = process.cpuUsage();
  const result = await work();
  if (!readable || !before) return { result, cpuMsPerUnit: undefined };
  const after = processTreesCpu(rootPids);
  const ownMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(own));
  const cpuMsPerUnit: Record<string, number> = { bench: round2(ownMs / units) };
  for (const [role, ms] of after) cpuMsPerUnit[role] = round2((ms - (before.get(role) ?? 0)) / units);
  return { result, cpuMsPerUnit };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
