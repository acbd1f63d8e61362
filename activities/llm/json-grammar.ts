import type { Llama, LlamaGrammar } from 'node-llama-cpp';

// node-llama-cpp's JSON-schema grammar admits pretty-printed JSON: a newline and an indent before
// every field and array element ("\n\t\t"), which a small model takes and pays a token or two
// for each time (measured on smollm2 for the perspectives' entities: 458 tokens on three texts
// against 285 compact). Its generator has an option for single-line JSON that
// `llama.createGrammarForJsonSchema` does not pass, so the compact form is the library's own
// grammar with each whitespace rule redefined as that option defines it: one optional space.

/** Whitespace rules of the library's generator: `whitespace-b-1-4-rule`, `comma-whitespace-…`. */
const WHITESPACE_RULE = /^((comma-)?whitespace-[abn]-\d+-\d+-rule) ::= .*$/;

/** The grammar text with every newline-admitting whitespace rule made one optional space. */
export function compactJsonGbnf(gbnf: string): string {
  return gbnf
    .split('\n')
    .map((line) => {
      const m = WHITESPACE_RULE.exec(line);
      if (!m) return line;
      return `${m[1]} ::= ${m[2] ? '"," [ ]?' : '[ ]?'}`;
    })
    .join('\n');
}

export interface JsonGrammar<T> {
  grammar: LlamaGrammar;
  /** Parses and validates against the schema (throws on either). */
  parse: (text: string) => T;
}

/** A grammar admitting only single-line JSON of the schema, and the library's schema check. */
export async function createCompactJsonGrammar<T = unknown>(
  llama: Llama,
  schema: object,
): Promise<JsonGrammar<T>> {
  // The schema is checked by the library here (an unsupported one throws).
  const full = await llama.createGrammarForJsonSchema(schema as never);
  const grammar = await llama.createGrammar({
    grammar: compactJsonGbnf(full.grammar),
    stopGenerationTriggers: full.stopGenerationTriggers,
    trimWhitespaceSuffix: full.trimWhitespaceSuffix,
  });
  return { grammar, parse: (text) => full.parse(text) as T };
}
