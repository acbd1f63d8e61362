import type { ErrorSchema } from '@rjsf/utils';

/** "body.nodes[0].activity: problem" → the path under the body, and the problem. */
export function parseProblem(line: string): { path: Array<string | number>; message: string } | undefined {
  const m = /^body((?:\.[^.[\s:]+|\[\d+\])*): (.*)$/s.exec(line);
  if (!m) return undefined;
  const path: Array<string | number> = [];
  for (const seg of m[1]!.matchAll(/\.([^.[\s:]+)|\[(\d+)\]/g))
    path.push(seg[2] !== undefined ? Number(seg[2]) : seg[1]!);
  return { path, message: m[2]! };
}

/** A 400's problems as the form library's error schema: each shown on its field. */
export function errorSchemaOf(lines: readonly string[]): ErrorSchema {
  const root: Record<string, unknown> = {};
  for (const line of lines) {
    const problem = parseProblem(line);
    if (!problem) continue;
    let node = root;
    for (const seg of problem.path) node = (node[String(seg)] ??= {}) as Record<string, unknown>;
    ((node.__errors ??= []) as string[]).push(problem.message);
  }
  return root as ErrorSchema;
}
