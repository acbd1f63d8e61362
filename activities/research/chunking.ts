// Documents of a collection and their chunks: pure functions, unit-tested.

export interface CollectionDocument {
  /** Relative to the collection folder; `file.jsonl#7` for the 8th line of a JSONL file. */
  path: string;
  title: string;
  text: string;
}

export interface Chunk {
  id: number;
  path: string;
  title: string;
  /** The nearest Markdown heading above the chunk, or "". */
  heading: string;
  text: string;
}

const TEXT_FILE = /\.(md|markdown|txt|text)$/i;
export const COLLECTION_FILE = /\.(md|markdown|txt|text|jsonl)$/i;

/** `@nestjs__terminus.md` -> `@nestjs/terminus`: the demo collection names files after their packages. */
function fileTitle(path: string): string {
  const name = path
    .split('/')
    .pop()!
    .replace(/\.[^.]+$/, '');
  return name.replace(/__/g, '/') || path;
}

/** Badges, images, HTML tags and link targets carry no meaning for search or for a model. */
export function cleanMarkdown(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/\[!\[[^\]]*\]\([^)]*\)\]\([^)]*\)/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)\]\((?:[^()]|\([^)]*\))*\)/g, '$1')
    .replace(/<\/?[A-Za-z][^>]*>/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** One file's documents: the whole file for text and Markdown, one per line for JSONL (`text`, optional `title`). */
export function documentsOf(path: string, content: string): CollectionDocument[] {
  if (TEXT_FILE.test(path)) {
    const text = cleanMarkdown(content);
    // A document's own title is its level-1 heading; a README's first "## Description" is not.
    const heading = /^#\s+(.+)$/m.exec(text)?.[1]?.trim();
    return text ? [{ path, title: heading || fileTitle(path), text }] : [];
  }
  const docs: CollectionDocument[] = [];
  content.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      return; // a broken line is not a document
    }
    const r = record as { text?: unknown; title?: unknown };
    if (typeof r?.text !== 'string' || !r.text.trim()) return;
    const title =
      typeof r.title === 'string' && r.title.trim() ? r.title.trim() : `${fileTitle(path)} #${i + 1}`;
    docs.push({ path: `${path}#${i + 1}`, title, text: cleanMarkdown(r.text) });
  });
  return docs;
}

/** Splits a long paragraph at sentence ends or spaces, so no piece exceeds max characters. */
function splitLong(paragraph: string, max: number): string[] {
  const pieces: string[] = [];
  let rest = paragraph;
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const cut = Math.max(window.lastIndexOf('. ') + 1, window.lastIndexOf('\n'));
    const at = cut > max / 2 ? cut : window.lastIndexOf(' ') > max / 2 ? window.lastIndexOf(' ') : max;
    pieces.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) pieces.push(rest);
  return pieces;
}

/**
 * Paragraphs packed into chunks of at most `maxChars`, each remembering the heading above it.
 * Ids continue from `firstId`, so chunk ids are positions in the index's chunk list.
 */
export function chunkDocument(doc: CollectionDocument, maxChars: number, firstId: number): Chunk[] {
  const chunks: Chunk[] = [];
  let heading = '';
  let current: string[] = [];
  let currentHeading = '';
  let size = 0;
  const flush = () => {
    const text = current.join('\n\n').trim();
    // Fragments with almost no letters (rules, lone symbols) are not worth a search hit.
    if ((text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= 20) {
      chunks.push({
        id: firstId + chunks.length,
        path: doc.path,
        title: doc.title,
        heading: currentHeading,
        text,
      });
    }
    current = [];
    size = 0;
  };
  for (const block of doc.text.split(/\n\s*\n/)) {
    const paragraph = block.trim();
    if (!paragraph) continue;
    const h = /^#{1,6}\s+(.+)$/.exec(paragraph.split('\n')[0]!);
    if (h) {
      // A new section starts a new chunk, unless the current one is still short: READMEs are
      // full of one-paragraph sections that are better read (and cheaper embedded) together.
      if (size >= maxChars / 3) flush();
      heading = h[1]!.trim();
    }
    for (const piece of splitLong(paragraph, maxChars)) {
      if (size > 0 && size + piece.length + 2 > maxChars) flush();
      if (size === 0) currentHeading = heading;
      current.push(piece);
      size += piece.length + 2;
    }
  }
  flush();
  return chunks;
}

/** What is embedded for a chunk: where it sits and how it starts (the caller cuts it to a token budget). */
export function embeddingText(chunk: Chunk): string {
  const where =
    chunk.heading && chunk.heading !== chunk.title ? `${chunk.title} — ${chunk.heading}` : chunk.title;
  return `${where}\n${chunk.text}`;
}
