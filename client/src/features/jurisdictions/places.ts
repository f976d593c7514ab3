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

/** The place as the form sent it, to tell which of its fields the server refused. */
export interface PlaceForm {
  code: string;
  name: string;
  level: PlaceLevel;
  parentCode?: string | undefined;
}

/**
 * The message key of a refused creation (409 code_taken, 400 code_not_under_parent, …); a 400
 * invalid_request is said by the field it names, never with the server's English message.
 * Undefined for other failures (the general message).
 */
export function createErrorKey(err: unknown, form: PlaceForm): string | undefined {
  const e = err as { code?: unknown; details?: unknown } | null;
  const code = e?.code;
  if (code === 'invalid_request') {
    const field = Array.isArray(e!.details) ? (e!.details[0] as { field?: unknown } | undefined)?.field : undefined;
    // a code or name that looks right was refused for characters text cannot hold (NUL, broken emoji)
    if (field === 'code') return codeHint(form.code, form.level, form.parentCode) ?? 'errors.codes.invalid_text';
    if (field === 'name') return form.name.trim() ? 'errors.codes.invalid_text' : 'admin.places.errors.name';
    if (field === 'parentCode') return 'admin.places.errors.parent_required';
    return 'errors.generic';
  }
  return typeof code === 'string' && SERVER_CODES.includes(code) ? `admin.places.errors.${code}` : undefined;
}
