// A classifier's answer is one of its labels, nothing else: a grammar that admits exactly the
// labels lets the model spend one or two tokens on it, where a JSON object around it ({"label":
// "positive"}) cost about eight, and a small model decoding 200 records pays that every record.

/** A GBNF string literal: quotes and backslashes escaped, control characters as \xHH. */
function gbnfLiteral(text: string): string {
  let out = '"';
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** A GBNF grammar whose only sentences are the labels. */
export function labelGrammar(labels: readonly string[]): string {
  return `root ::= ${labels.map(gbnfLiteral).join(' | ')}`;
}

/**
 * Whether generated text is a whole answer: a label that no longer label continues (with labels
 * "pos" and "positive", "pos" waits for the next token, which is the end or "itive").
 */
export function labelComplete(labels: readonly string[]): (text: string) => boolean {
  return (text) => labels.includes(text) && !labels.some((l) => l.length > text.length && l.startsWith(text));
}
