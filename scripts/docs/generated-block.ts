// A generated part of a hand-written Markdown page, between two markers: replaced in place, or
// appended when the page has none yet.
const START = (name: string) => `<!-- generated: ${name} (npm run docs; do not edit by hand) -->`;
const END = (name: string) => `<!-- end generated: ${name} -->`;

export function withBlock(page: string, name: string, content: string): string {
  const block = `${START(name)}\n\n${content.trim()}\n\n${END(name)}`;
  const start = page.indexOf(START(name));
  const end = page.indexOf(END(name));
  if (start >= 0 && end > start) return page.slice(0, start) + block + page.slice(end + END(name).length);
  return `${page.trimEnd()}\n\n${block}\n`;
}
