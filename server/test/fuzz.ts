/**
 * The fuzz test's catalogue of malformed input: text for path params and query strings, raw JSON
 * for body fields, and the body builder that puts one bad value in one place of a valid body.
 * Values are JSON text, not JS values, so that NaN, 1e999 and 10,000-deep nesting can be sent as is.
 */
import type { Random } from '../../data/seed/random.ts';

/** `n` items of `xs` drawn without replacement by `rnd`. */
export function pick<T>(rnd: Random, xs: readonly T[], n: number): T[] {
  const pool = [...xs];
  const out: T[] = [];
  while (out.length < n && pool.length) out.push(pool.splice(rnd.int(0, pool.length - 1), 1)[0]!);
  return out;
}

/** Random control characters (C0 and DEL, NUL included), for a string no table lists. */
export function controlString(rnd: Random, length: number): string {
  return Array.from({ length }, () => String.fromCharCode(rnd.chance(0.9) ? rnd.int(0, 31) : 127)).join('');
}

/** Text every parameter gets: NUL, lone surrogates, control characters, 100k characters, number-like words. */
export const CORE_TEXT: readonly string[] = [
  '', '\u0000', 'ad\u0000min', '\u0001\u0002\u001b[31m\u007f', '\ud800', 'x\udfffy', 'x'.repeat(100_000),
  'NaN', 'Infinity', '-1', '0', '1e308', '9223372036854775808',
];
/** More text that no path param or query parameter should choke on. */
export const BAD_TEXT: readonly string[] = [
  ...CORE_TEXT, ' ', '\t\r\n', '\ufeff', '\u202e', '😀', '-Infinity', '-1e308', '18446744073709551616', '-0', '1.5', '0x1F', '1e3',
  '00000000000000000001', "'; drop table app_user; --", '%00', '%', '../../etc/passwd', 'null', 'true', '[]', '{}',
  '<script>alert(1)</script>', '2024-02-30', '0000-00-00', '9999-12-31T99:99:99Z',
];

const DEPTH = 10_000;
/** 10,000 nested arrays and objects: JSON.parse copes, JSON.stringify and structuredClone do not. */
export const DEEP = ['['.repeat(DEPTH) + ']'.repeat(DEPTH), '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)];

/** JSON text every body field gets: the core text, extreme and non-JSON numbers, wrong shapes, deep nesting. */
export const CORE_JSON: readonly string[] = [
  ...CORE_TEXT.map((s) => JSON.stringify(s)), '0', '-1', '1.5', '1e308', '9223372036854775808', '1e999', 'NaN', 'null', 'true', '{}', '[]', ...DEEP,
];
/** More bad JSON values, of which each field gets a seeded handful. */
export const MORE_JSON: readonly string[] = [
  ...BAD_TEXT.slice(CORE_TEXT.length).map((s) => JSON.stringify(s)),
  '-0', '-1e308', '9007199254740993', '2147483648', '-1e999', '1e-999', '123456789012345678901234567890',
  'Infinity', '-Infinity', 'undefined', "'x'", '0x10', '01', '+1', '[1,]', '{"a":1,}',
  'false', '[[]]', '[null]', '{"":""}', '[{}]', '{"__proto__":{"admin":true}}',
];

/** Empty, degenerate and broken geometries around a point (lon, lat), as JSON text. */
export function badGeometries([x, y]: readonly [number, number]): string[] {
  const d = 0.001;
  const sq = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]];
  const geoms: unknown[] = [
    { type: 'Polygon', coordinates: [[]] }, { type: 'Polygon', coordinates: [] }, { type: 'Polygon', coordinates: [[[]]] },
    { type: 'Polygon', coordinates: [[[x, y], [x + d, y], [x, y]]] }, // three positions
    { type: 'Polygon', coordinates: [sq.slice(0, 4)] }, // not closed
    { type: 'Polygon', coordinates: [[[x, y], [x, y], [x, y], [x, y]]] }, // no area
    { type: 'Polygon', coordinates: [[[x, y], [x + d, y + d], [x + d, y], [x, y + d], [x, y]]] }, // bow tie
    { type: 'Polygon', coordinates: [sq.map(([a, b]) => [a!, b!, 12.5])] }, // Z
    { type: 'Polygon', coordinates: [sq.map(([a, b]) => [a! * 1e300, b! * 1e300])] },
    { type: 'Polygon', coordinates: [sq, [[x + 1, y + 1], [x + 1 + d, y + 1], [x + 1, y + 1 + d], [x + 1, y + 1]]] }, // hole outside
    { type: 'Polygon', coordinates: [[['a', 'b'], ['c', 'd'], ['e', 'f'], ['a', 'b']]] },
    { type: 'Polygon', coordinates: [[[[x, y]]]] }, { type: 'Polygon', coordinates: 'x' }, { type: 'Polygon' },
    { type: 'MultiPolygon', coordinates: [] }, { type: 'MultiPolygon', coordinates: [[]] }, { type: 'MultiPolygon', coordinates: [[[]]] },
    { type: 'MultiPolygon', coordinates: [[sq], []] },
    { type: 'Point', coordinates: [x, y] }, { type: 'LineString', coordinates: [] }, { type: 'LineString', coordinates: [[x, y], [x, y]] },
    { type: 'GeometryCollection', geometries: [] }, { coordinates: [sq] },
  ];
  const ring = sq.map(([a, b]) => `[${a},${b}]`);
  const raw = [`{"type":"Polygon","coordinates":[[[NaN,${y}],${ring.slice(1).join(',')}]]}`,
    `{"type":"Polygon","coordinates":[[[1e999,${y}],${ring.slice(1).join(',')}]]}`];
  return [...geoms.map((g) => JSON.stringify(g)), ...raw];
}

/** A path to a place in a JSON value: object keys and array indexes. */
export type Path = (string | number)[];

const HOLE = '\u0001fuzz-hole\u0001';

/** The JSON text of `base` with the value at `path` replaced by the JSON text `value`. */
export function bodyWith(base: unknown, path: Path, value: string): string {
  if (!path.length) return value;
  const copy = structuredClone(base) as Record<string | number, unknown>;
  let at = copy;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string | number, unknown>;
  at[path[path.length - 1]!] = HOLE;
  return JSON.stringify(copy).replace(JSON.stringify(HOLE), value);
}

/** The places of a body to break: every key, and one level down into objects and first array items. */
export function fieldPaths(base: unknown): Path[] {
  const out: Path[] = [];
  const walk = (v: unknown, path: Path, depth: number) => {
    if (depth > 2 || v === null || typeof v !== 'object') return;
    const entries: [string | number, unknown][] = Array.isArray(v) ? (v.length ? [[0, v[0]]] : []) : Object.entries(v);
    for (const [k, child] of entries) {
      out.push([...path, k]);
      walk(child, [...path, k], depth + 1);
    }
  };
  walk(base, [], 0);
  return out;
}

/** Percent-encodes text for a URL, leaving lone surrogates for the URL parser to deal with. */
export function urlText(s: string): string {
  return Array.from(s, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return ch;
    }
  }).join('');
}
