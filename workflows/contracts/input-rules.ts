// String rules shared by every request schema: values that become file paths, keys or templates
// are checked the same way wherever they enter, so no endpoint can accept what another refuses.
import { z } from 'zod';
import { markerProblems } from './patterns/markers.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;
/** The same, but prose may hold tabs and line breaks. */
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b-\u001f\u007f]/;

/** Free text a person writes (a comment): lines and tabs allowed, other control characters not. */
export const proseString = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !CONTROL_BUT_LINES.test(s), 'must not contain control characters');

/** A key or name (fairness key, header-like value): printable, no control characters. */
export const keyString = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((s) => !CONTROL.test(s), 'must not contain control characters');

function utf8Bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** Longest name of one path segment on common file systems (bytes). */
const MAX_SEGMENT_BYTES = 255;

/** A file path relative to DATA_DIR: printable, each segment a name a file system can hold. */
export const dataPathString = (what: string) =>
  z
    .string()
    .min(1)
    .max(1_000)
    .superRefine((s, ctx) => {
      if (CONTROL.test(s)) ctx.addIssue({ code: 'custom', message: 'must not contain control characters' });
      else if (s.split('/').some((seg) => utf8Bytes(seg) > MAX_SEGMENT_BYTES))
        ctx.addIssue({
          code: 'custom',
          message: `each folder or file name must be at most ${MAX_SEGMENT_BYTES} bytes`,
        });
    })
    .describe(`${what}, relative to DATA_DIR`);

/**
 * A template over one record or event: `{{$item}}`, `{{$item.field}}`, `{{$index}}`. Checked by the
 * same rules as DAG templates (closed placeholders, nothing but the item, no object internals).
 */
export const itemTemplate = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .superRefine((template, ctx) => {
      for (const [, message] of markerProblems({ $template: template }, { nodes: new Set(), item: true }))
        ctx.addIssue({ code: 'custom', message: message.replace(/^\$template /, '') });
    });
