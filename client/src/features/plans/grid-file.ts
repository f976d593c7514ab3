/** What the print page needs from its URL: `?print=grid-file&plan=<id>&code=<code>`. */
export interface GridFilePrintParams {
  planId: number;
  code: string;
}

/** The print page to open (in a new tab) for a grid of a plan. */
export function gridFilePrintUrl(planId: number, code: string): string {
  return `/?${new URLSearchParams({ print: 'grid-file', plan: String(planId), code })}`;
}

/** Which print page the URL asks for, if any (App.vue switches on it). */
export function printMode(search: string): string | null {
  return new URLSearchParams(search).get('print');
}

/** The grid-file parameters of a URL query, or null when they are missing or malformed. */
export function gridFilePrintParams(search: string): GridFilePrintParams | null {
  const q = new URLSearchParams(search);
  if (q.get('print') !== 'grid-file') return null;
  const plan = q.get('plan') ?? '';
  const code = q.get('code') ?? '';
  if (!/^[1-9]\d{0,15}$/.test(plan) || !/^\d{14,15}$/.test(code)) return null;
  return { planId: Number(plan), code };
}

/** A count change with its sign: +30, −12 (a true minus sign), 0. */
export function signedCount(n: number, format: (n: number) => string): string {
  if (n > 0) return `+${format(n)}`;
  if (n < 0) return `−${format(-n)}`;
  return format(0);
}

const STAFF_ORDER = ['grid_leader', 'grid_assistant', 'supervisor', 'community_manager'];

/** Staff in the order a grid file lists them: leader, assistant, supervisors, community managers; by name within a role. */
export function sortStaff<T extends { role: string; displayName: string }>(staff: readonly T[]): T[] {
  const rank = (r: string) => (STAFF_ORDER.includes(r) ? STAFF_ORDER.indexOf(r) : STAFF_ORDER.length);
  return [...staff].sort((a, b) => rank(a.role) - rank(b.role) || a.displayName.localeCompare(b.displayName, 'zh-CN'));
}

/** What a building's description reads (the diff's moved buildings and handover lists). */
export interface BuildingPlaceLike {
  id: number;
  name: string | null;
  address: string | null;
  compound: string | null;
  nearRoad: string | null;
}

/**
 * A building as a grid worker finds it: its compound, then its name or address; a building with
 * neither is placed by the nearest named road; `#id` only when nothing at all is known.
 * `words.nearRoad` words the road ('{road}旁'), `words.unnamed` a building without a name ('楼栋').
 */
export function buildingPlace(b: BuildingPlaceLike, words: { nearRoad: (road: string) => string; unnamed: string }): string {
  const own = b.name ?? b.address ?? (b.nearRoad ? `${words.nearRoad(b.nearRoad)}${words.unnamed}` : null);
  if (b.compound && own) return `${b.compound} ${own}`;
  if (b.compound) return `${b.compound} ${words.unnamed}`;
  return own ?? `${words.unnamed} #${b.id}`;
}

/** A plan not (yet) in force: draft, in review or approved. Its printed files are marked 草案. */
export function isDraftStatus(status: string): boolean {
  return status !== 'published' && status !== 'retired';
}
