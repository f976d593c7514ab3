/**
 * Text PostgreSQL cannot take: a NUL (U+0000) is refused by every text and json column ("invalid
 * byte sequence for encoding UTF8: 0x00"), and a lone UTF-16 surrogate is not Unicode at all
 * (json refuses it, text would silently store U+FFFD). Pure, so routes, validators and file
 * parsers share one rule.
 */

// a high surrogate not followed by a low one, or a low one not preceded by a high one
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** What is wrong with a string as text, or null when it can be stored. */
export function textProblem(s: string): string | null {
  if (s.includes('\u0000')) return 'contains a NUL character (U+0000), which text cannot hold';
  if (LONE_SURROGATE.test(s)) return 'contains a lone UTF-16 surrogate, which is not Unicode text';
  return null;
}

/** How deep a JSON body may nest: far beyond any real request, well below what recursive code (JSON.stringify) survives. */
export const MAX_JSON_DEPTH = 64;

/** The first place in a parsed JSON value (keys included) that is bad text or nested too deeply; iterative, so any depth is safe. */
export function findBadText(value: unknown, maxDepth = MAX_JSON_DEPTH): { path: (string | number)[]; message: string } | null {
  const stack: { v: unknown; path: (string | number)[] }[] = [{ v: value, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (typeof v === 'string') {
      const problem = textProblem(v);
      if (problem) return { path, message: problem };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (path.length >= maxDepth) return { path, message: `is nested more than ${maxDepth} levels deep` };
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [k, child] of entries.reverse()) {
      const keyProblem = typeof k === 'string' ? textProblem(k) : null;
      if (keyProblem) return { path: [...path, k], message: `has a key that ${keyProblem}` };
      if (typeof child === 'string' || (child !== null && typeof child === 'object')) stack.push({ v: child, path: [...path, k] });
    }
  }
  return null;
}
