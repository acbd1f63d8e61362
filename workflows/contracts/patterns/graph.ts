// Dependency-graph checks shared by the API (400 before start) and the DAG workflow.

/** One cycle as a path that returns to its start (e.g. ["a", "b", "c", "a"]), or undefined. */
export function findCycle(nodes: ReadonlyArray<{ id: string; dependsOn?: string[] }>): string[] | undefined {
  const deps = new Map(nodes.map((n) => [n.id, n.dependsOn ?? []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (id: string): string[] | undefined => {
    if (state.get(id) === 'done') return undefined;
    if (state.get(id) === 'visiting') return [...stack.slice(stack.indexOf(id)), id];
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of deps.get(id) ?? []) {
      if (!deps.has(dep)) continue;
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(id, 'done');
    return undefined;
  };
  for (const n of nodes) {
    const cycle = visit(n.id);
    if (cycle) return cycle;
  }
  return undefined;
}

/** Every node that depends, directly or not, on `id`. */
export function dependentsOf(
  nodes: ReadonlyArray<{ id: string; dependsOn?: string[] }>,
  id: string,
): Set<string> {
  const out = new Set<string>();
  const queue = [id];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const n of nodes) {
      if (!out.has(n.id) && (n.dependsOn ?? []).includes(current)) {
        out.add(n.id);
        queue.push(n.id);
      }
    }
  }
  return out;
}
