// Zod's issues as the "path: problem" lines every 400 answers with. Zod reports a failed union
// as one issue holding every option's issues; a person wants the problems of the option they
// meant, so the option that failed least at the union's own level is chosen (the one whose
// distinguishing fields are present and known), and its issues are reported at their full paths.
import type { z } from 'zod';
import { formatPath } from './patterns/spec-path.js';

type Issue = z.core.$ZodIssue;

/** Parse with `{ reportInput: true }` so that a missing field reads "is required". */
export const REPORT_INPUT = { reportInput: true } as const;

/** How far an option's issues say the input is not that option (0: it is, but something inside is wrong). */
function mismatch(issues: readonly Issue[], input: unknown): number {
  const record = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : undefined;
  let score = 0;
  for (const issue of issues) {
    const key = issue.path.length === 1 ? String(issue.path[0]) : undefined;
    const absent = key !== undefined && record !== undefined && !(key in record);
    if (issue.path.length === 0) {
      if (issue.code === 'unrecognized_keys') score += issue.keys.length;
      else if (issue.code === 'invalid_type' || issue.code === 'invalid_value') score += 10;
    } else if (discriminatorOptions(issue) !== undefined) {
      // A nested discriminated union: without its discriminator the input is surely not this option.
      score += absent ? 100 : 2;
    } else if (absent) {
      score += 1; // a field this option needs is absent
    } else if (key !== undefined && issue.code === 'invalid_value' && issue.values.length === 1) {
      score += 2; // a distinguishing literal with another value
    }
  }
  return score;
}

function chooseOption(issue: Extract<Issue, { code: 'invalid_union' }>): readonly Issue[] | undefined {
  let best: readonly Issue[] | undefined;
  let bestScore = Infinity;
  for (const option of issue.errors) {
    const score = mismatch(option, issue.input);
    if (score < bestScore || (score === bestScore && best && option.length < best.length)) {
      best = option;
      bestScore = score;
    }
  }
  return best;
}

/** The values a discriminated union's discriminator may take (zod puts them on its issue). */
function discriminatorOptions(issue: Issue): unknown[] | undefined {
  const options = (issue as { options?: unknown }).options;
  return Array.isArray(options) ? options : undefined;
}

const ARTICLES: Record<string, string> = { array: 'an', object: 'an', int: 'an', integer: 'an' };

function missing(issue: Issue): boolean {
  return 'input' in issue && issue.input === undefined;
}

function message(issue: Issue): string {
  if (issue.code === 'invalid_type' && missing(issue)) return 'is required';
  // Zod's default words for a value of the wrong JSON type, said as every other rule says it.
  if (issue.code === 'invalid_type' && issue.message.startsWith('Invalid input'))
    return `must be ${ARTICLES[issue.expected] ?? 'a'} ${issue.expected}`;
  return issue.message;
}

function flatten(
  issues: readonly Issue[],
  prefix: readonly PropertyKey[],
  out: Array<[PropertyKey[], string]>,
): void {
  for (const issue of issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push([[...path, key], 'is not a known field']);
    } else if (issue.code === 'invalid_union' && discriminatorOptions(issue) && issue.errors.length === 0) {
      // A discriminated union whose discriminator matched no option.
      const values = discriminatorOptions(issue)!
        .map((v) => JSON.stringify(v))
        .join(', ');
      out.push([
        path,
        'input' in issue && issue.input === undefined ? 'is required' : `must be one of ${values}`,
      ]);
    } else if (issue.code === 'invalid_union' && missing(issue)) {
      out.push([path, 'is required']);
    } else if (issue.code === 'invalid_union' && issue.message === 'Invalid input') {
      const chosen = chooseOption(issue);
      if (chosen && chosen.length > 0) flatten(chosen, path, out);
      else out.push([path, issue.message]);
    } else {
      out.push([path, message(issue)]);
    }
  }
}

/** "root.path[0].field: problem" for each issue (a union's reported through the option meant). */
export function describeZodIssues(error: z.ZodError, root = 'body'): string[] {
  const out: Array<[PropertyKey[], string]> = [];
  flatten(error.issues, [], out);
  const lines = out.map(([path, text]) => `${formatPath(root, path)}: ${text}`);
  return [...new Set(lines)];
}
