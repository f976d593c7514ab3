/** RESULTS.md holds one section per suite between marker comments, so running one suite keeps the others' figures. */

const open = (name: string) => `<!-- bench:${name} -->`;
const close = (name: string) => `<!-- /bench:${name} -->`;

/** The document with the named section's body replaced (or appended at the end when the section is new). */
export function replaceSection(doc: string, name: string, body: string): string {
  if (!/^[a-z0-9-]+$/.test(name)) throw new RangeError(`section name must be lower-case words, got "${name}"`);
  const block = `${open(name)}\n${body.trim()}\n${close(name)}`;
  const start = doc.indexOf(open(name));
  const end = doc.indexOf(close(name));
  if (start >= 0 && end > start) return doc.slice(0, start) + block + doc.slice(end + close(name).length);
  const base = doc.trim() ? `${doc.trimEnd()}\n\n` : '# Benchmark results\n\n';
  return `${base}${block}\n`;
}
