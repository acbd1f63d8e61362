import { RestartPolicy } from './restart-policy.js';
import type { RestartPolicyOptions } from './restart-policy.js';
import { Supervisor } from './supervisor.js';
import type { ChildSpec } from './supervisor.js';

/**
 * A supervisor that restarts each child when it dies, with backoff per child (the dev server
 * too, on the same SQLite file: workers and the API reconnect by themselves). One that keeps
 * dying is held back with growing delays while the rest keep running; it is never given up on,
 * and never takes the others down. Its own lines are logged under `selfName`.
 */
export function restartingSupervisor(
  selfName: string,
  names: string[],
  format: 'text' | 'json',
  policy: RestartPolicyOptions = {},
): Supervisor {
  const policies = new Map<string, RestartPolicy>();
  const supervisor: Supervisor = new Supervisor(
    [selfName, ...names],
    format,
    (spec: ChildSpec, code, signal, ranMs) => {
      const how = signal ?? `code ${code}`;
      let p = policies.get(spec.name);
      if (!p) policies.set(spec.name, (p = RestartPolicy.withDefaults(policy)));
      const decision = p.onExit(ranMs);
      supervisor.log(
        selfName,
        decision.heldBack
          ? `!!! ${spec.name} exited (${how}) after ${decision.heldBack}: held back, next start in ${decision.delayMs} ms; the other processes keep running`
          : `!!! ${spec.name} exited unexpectedly (${how}): restarting it in ${decision.delayMs} ms`,
      );
      setTimeout(() => {
        if (supervisor.isStopping) return;
        supervisor.start(spec);
        supervisor.log(selfName, `${spec.name} restarted`);
      }, decision.delayMs).unref();
    },
  );
  return supervisor;
}
