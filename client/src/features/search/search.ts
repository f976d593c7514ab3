import { SEARCH_KINDS, type SearchItem, type SearchKind } from '../../api/types.ts';

/** How long typing must pause before the box asks the server. */
export const SEARCH_DELAY_MS = 200;
/** How many places one search shows. */
export const SEARCH_LIMIT = 20;
/** The longest query the server takes (characters); the input stops there. */
export const MAX_QUERY_CHARS = 64;

/** Results of one kind, with each item's place in the flat list the arrow keys walk. */
export interface SearchGroup {
  kind: SearchKind;
  items: { item: SearchItem; index: number }[];
}

/** Groups results by kind in the order the server ranked the groups (best match first). */
export function groupResults(items: readonly SearchItem[]): SearchGroup[] {
  const groups: SearchGroup[] = [];
  items.forEach((item, index) => {
    const group = groups.find((g) => g.kind === item.kind);
    if (group) group.items.push({ item, index });
    else groups.push({ kind: item.kind, items: [{ item, index }] });
  });
  // the server sends each kind together; should it not, the groups still follow its first-seen order
  return groups.filter((g) => SEARCH_KINDS.includes(g.kind));
}

/** The query as sent: trimmed, or null when there is nothing to look for. */
export function searchText(raw: string): string | null {
  const q = raw.trim();
  return q === '' ? null : q;
}

/** The next active row after an arrow key (wrapping), or -1 when there are no rows. */
export function moveActive(active: number, delta: 1 | -1, count: number): number {
  if (count === 0) return -1;
  if (active < 0) return delta === 1 ? 0 : count - 1;
  return (active + delta + count) % count;
}

/** The DOM id of a result row, for aria-activedescendant. */
export function optionId(index: number): string {
  return `place-search-option-${index}`;
}
