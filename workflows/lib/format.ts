// Small formatting helpers shared by the pipelines (deterministic: plain arithmetic on strings and numbers).

/** `x` rounded to `digits` decimal places. */
export const roundTo = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/** At most `max` characters of `text`, an ellipsis marking a cut. */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max)}…`);
