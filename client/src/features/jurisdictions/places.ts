// Pure rules of adding a place: which parents a level takes, what the code must look like, and how
// the server's refusals read. No Vue, no HTTP.
import type { JurisdictionNode } from '../../api/types.ts';

export type PlaceLevel = 'county' | 'town' | 'community';
const PARENT: Record<PlaceLevel, PlaceLevel | null> = { county: null, town: 'county', community: 'town' };
export const CODE_DIGITS: Record<PlaceLevel, number> = { county: 6, town: 9, community: 12 };

/** The nodes of the tree that can hold a new place of `level` (none for a county). */
export function parentChoices(tree: readonly JurisdictionNode[], level: PlaceLevel): JurisdictionNode[] {
  const want = PARENT[level];
  if (!want) return [];
  const out: JurisdictionNode[] = [];
  const walk = (nodes: readonly JurisdictionNode[]) => {
    for (const n of nodes) {
      if (n.level === want) out.push(n);
      walk(n.children);
    }
  };
  walk(tree);
  return out;
}

/** A message key for what is wrong with the code as typed, before asking the server; undefined when it looks right. */
export function codeHint(code: string, level: PlaceLevel, parentCode: string | undefined): string | undefined {
  if (!/^\d*$/.test(code)) return 'admin.places.errors.digits';
  if (code.length !== CODE_DIGITS[level]) return `admin.places.errors.length_${level}`;
  if (parentCode && !code.startsWith(parentCode)) return 'admin.places.errors.prefix';
  return undefined;
}

const SERVER_CODES = ['code_taken', 'code_not_under_parent', 'code_level_mismatch', 'parent_required', 'parent_not_found', 'jurisdiction_not_found', 'forbidden'];

/** The message key of a refused creation (409 code_taken, 400 code_not_under_parent, …); undefined for other failures. */
export function createErrorKey(err: unknown): string | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && SERVER_CODES.includes(code) ? `admin.places.errors.${code}` : undefined;
}
