import { canonicalJson } from './aggregate.js';

/**
 * A stable 64-bit FNV-1a hash of a value's canonical JSON, as 16 hex digits: names what a
 * request asked for (workflow code has no crypto module; this is an identity, not a secret).
 */
export function fingerprint(value: unknown): string {
  let h = 0xcbf29ce484222325n;
  const text = canonicalJson(value);
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}
