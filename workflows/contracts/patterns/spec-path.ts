// Where in a request a problem is: a path of keys and indices, written as `body.nodes[1].input`.

export type PathSegment = string | number;

export interface SpecProblem {
  path: PathSegment[];
  message: string;
}

/** `root` followed by `.key` for each key and `[i]` for each index. */
export function formatPath(root: string, path: readonly PropertyKey[]): string {
  let out = root;
  for (const seg of path) out += typeof seg === 'number' ? `[${seg}]` : `.${String(seg)}`;
  return out;
}

/** "path: message" lines, as a 400 answers and an invalid-spec failure says them. */
export function problemLines(problems: readonly SpecProblem[], root: string): string[] {
  return problems.map((p) => `${formatPath(root, p.path)}: ${p.message}`);
}
