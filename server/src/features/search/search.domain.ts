import type { BBox } from '../jurisdictions/jurisdictions.domain.ts';

/** What the search box finds, in the order of their groups when they match equally well. */
export const SEARCH_KINDS = ['jurisdiction', 'grid', 'compound', 'building', 'address'] as const;
export type SearchKind = (typeof SEARCH_KINDS)[number];

/** Kinds anyone may find: what the public map names (jurisdiction and grid labels). */
export const PUBLIC_KINDS: readonly SearchKind[] = ['jurisdiction', 'grid'];

/** Longest query, in characters (an address with its community and compound fits easily). */
export const MAX_QUERY_CHARS = 64;
/** Words used from one query; more add nothing but cost a condition each. */
export const MAX_TOKENS = 4;
/**
 * Queries this short (one or two characters, 学 or 学院) find buildings and addresses by how they
 * start: containing '楼' or '幢' is nearly every building of a city, and says nothing yet.
 */
export const SHORT_QUERY_CHARS = 2;
/** Most buildings (or compounds) ranked for one search; past this many, a query is too vague to rank all of them. */
export const RANK_CANDIDATES = 200;

/** Whether the words are a short query (see SHORT_QUERY_CHARS). */
export function isShortQuery(tokens: readonly string[]): boolean {
  return [...tokens.join('')].length <= SHORT_QUERY_CHARS;
}

/**
 * How well a hit matches, best first: 0 the whole query is the name or code, 1 the name or code
 * starts with it, 2 contains it (or the code ends with it), 3 the words are spread over the name
 * and its places (e.g. '富润 002': a community and a grid sequence).
 */
export type MatchQuality = 0 | 1 | 2 | 3;

/** One row a kind's query found, already ranked within its kind by the repository. */
export interface SearchHit {
  kind: SearchKind;
  id: number;
  code: string | null;
  name: string;
  context: string;
  bbox: BBox | null;
  quality: MatchQuality;
}

/** One item of GET /api/search. */
export interface SearchItem {
  kind: SearchKind;
  id: number;
  code?: string;
  name: string;
  /** Where it is: the compound, community and street office around it, nearest first. */
  context: string;
  bbox: BBox | null;
}

// whitespace and invisible characters separate words; NFKC first turns full-width spaces into spaces
const SEPARATORS = /[\s\p{Cc}\p{Cf}]+/u;

/** The words of a query (NFKC, split on whitespace and control characters, repeats dropped, at most MAX_TOKENS). */
export function searchTokens(q: string): string[] {
  const words = q.normalize('NFKC').split(SEPARATORS).filter((w) => w !== '');
  return [...new Set(words)].slice(0, MAX_TOKENS);
}

/** Characters of a query as a person counts them (code points, not UTF-16 units). */
export function queryLength(q: string): number {
  return [...q.trim()].length;
}

/**
 * Picks at most `limit` hits across kinds: every kind that found something keeps its best
 * `limit / kinds` hits, the remaining places go to the best of the rest, so a thousand buildings
 * named '1号楼' never hide the one grid that matched. Groups come out best match first, each in
 * the repository's order.
 */
export function pickResults(hits: readonly SearchHit[], limit: number): SearchHit[] {
  const byKind = new Map<SearchKind, SearchHit[]>();
  for (const h of hits) byKind.set(h.kind, [...(byKind.get(h.kind) ?? []), h]);
  const share = Math.max(1, Math.floor(limit / Math.max(1, byKind.size)));
  const chosen = new Set<SearchHit>();
  for (const list of byKind.values()) list.slice(0, share).forEach((h) => chosen.add(h));
  const rest = hits.filter((h) => !chosen.has(h)).sort((a, b) => a.quality - b.quality || kindRank(a.kind) - kindRank(b.kind));
  for (const h of rest) {
    if (chosen.size >= limit) break;
    chosen.add(h);
  }
  const best = (k: SearchKind) => Math.min(...[...chosen].filter((h) => h.kind === k).map((h) => h.quality));
  const kinds = [...byKind.keys()].filter((k) => [...chosen].some((h) => h.kind === k))
    .sort((a, b) => best(a) - best(b) || kindRank(a) - kindRank(b));
  return kinds.flatMap((k) => byKind.get(k)!.filter((h) => chosen.has(h))).slice(0, limit);
}

const kindRank = (k: SearchKind) => SEARCH_KINDS.indexOf(k);

/** The API shape of a hit (no ranking internals; a code only where there is one). */
export function toItem(h: SearchHit): SearchItem {
  return { kind: h.kind, id: h.id, ...(h.code ? { code: h.code } : {}), name: h.name, context: h.context, bbox: h.bbox };
}
