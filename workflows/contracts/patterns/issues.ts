// A small, dependency-free validator (workflow code may import nothing else): it collects
// problems as "path: message" so the API can answer 400 with all of them, and a workflow can
// fail with the same words.

export interface Issue {
  path: string;
  message: string;
}

export class Issues {
  readonly list: Issue[] = [];

  add(path: string, message: string): void {
    this.list.push({ path, message });
  }

  get ok(): boolean {
    return this.list.length === 0;
  }

  messages(): string[] {
    return this.list.map((i) => `${i.path}: ${i.message}`);
  }
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkObject(
  issues: Issues,
  path: string,
  v: unknown,
  allowed: readonly string[],
): v is Record<string, unknown> {
  if (!isObject(v)) {
    issues.add(path, 'must be an object');
    return false;
  }
  for (const key of Object.keys(v))
    if (!allowed.includes(key)) issues.add(`${path}.${key}`, 'is not a known field');
  return true;
}

export function checkInt(
  issues: Issues,
  path: string,
  v: unknown,
  min: number,
  max: number,
  required = false,
): boolean {
  if (v === undefined) {
    if (required) issues.add(path, 'is required');
    return !required;
  }
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    issues.add(path, `must be an integer from ${min} to ${max}`);
    return false;
  }
  return true;
}

export function checkEnum<T extends string>(
  issues: Issues,
  path: string,
  v: unknown,
  values: readonly T[],
  required = false,
): boolean {
  if (v === undefined) {
    if (required) issues.add(path, 'is required');
    return !required;
  }
  if (typeof v !== 'string' || !values.includes(v as T)) {
    issues.add(path, `must be one of ${values.map((x) => `"${x}"`).join(', ')}`);
    return false;
  }
  return true;
}

export function checkString(
  issues: Issues,
  path: string,
  v: unknown,
  pattern?: RegExp,
  required = true,
): v is string {
  if (v === undefined && !required) return false;
  if (typeof v !== 'string' || v.length === 0) {
    issues.add(path, v === undefined ? 'is required' : 'must be a non-empty string');
    return false;
  }
  if (pattern && !pattern.test(v)) {
    issues.add(path, `must match ${String(pattern)}`);
    return false;
  }
  return true;
}

/** Serialised size in bytes of the UTF-8 JSON (no TextEncoder in the workflow sandbox's types). */
export function jsonBytes(v: unknown): number {
  const s = JSON.stringify(v) ?? '';
  let bytes = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * The path of the first place nested deeper than `max` levels, or undefined. Iterative, so a
 * hostile body nested thousands of levels deep cannot overflow the stack here.
 */
export function depthBeyond(value: unknown, max: number, root = 'body'): string | undefined {
  const stack: Array<[unknown, string, number]> = [[value, root, 0]];
  while (stack.length > 0) {
    const [v, at, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (depth >= max) return at;
    if (Array.isArray(v)) v.forEach((x, i) => stack.push([x, `${at}[${i}]`, depth + 1]));
    else for (const [k, x] of Object.entries(v)) stack.push([x, `${at}.${k}`, depth + 1]);
  }
  return undefined;
}
