// Pure helpers over untrusted JSON values, shared by admission (API, client) and the workflows'
// execution invariants: iterative where a hostile value could be deep.

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
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
