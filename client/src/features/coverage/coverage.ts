// Pure rules of the coverage view (巡查覆盖): what colour a grid takes, the map's match expressions,
// the community filter and the lists' rows. No Vue, no MapLibre, no HTTP: tested on its own.
import type { CoverageDay, CoverageGrid, GapGrid, Gaps, Staffing } from '../../api/coverage.ts';
import { ROLE_PERMISSIONS, type Role } from '../../../../server/src/features/auth/permissions.domain.ts';
import { padBbox } from '../../map/bbox.ts';

/** A grid's patrol state: walked on the chosen day, within the window of days, not within it, never. */
export type GridState = 'day' | 'recent' | 'stale' | 'never';
export const GRID_STATES: readonly GridState[] = ['day', 'recent', 'stale', 'never'];

/** Fills by state: green, amber, vermillion and a dark red that stays apart from it in greyscale too. */
export const STATE_COLORS: Record<GridState, string> = {
  day: '#2BAE86',
  recent: '#F2C14E',
  stale: '#E5732E',
  never: '#B3261E',
};
/** The outline of a grid without a leader or an assistant (一格一员). */
export const STAFFING_COLOR = '#6A1B9A';

const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** The calendar day (YYYY-MM-DD) in Beijing time of an instant: the days the server counts patrols in. */
export function beijingDay(at: Date): string {
  return new Date(at.getTime() + SHANGHAI_MS).toISOString().slice(0, 10);
}

/** The day `n` days before (negative: after) a YYYY-MM-DD day. */
export function shiftDay(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
}

/** The window [from, to) of Beijing days ending with `date`, `days` long, as ISO times the patrol list takes. */
export function dayWindow(date: string, days: number): { from: string; to: string } {
  return { from: `${shiftDay(date, Math.max(1, days) - 1)}T00:00:00+08:00`, to: `${shiftDay(date, -1)}T00:00:00+08:00` };
}

/** Whether a string is a real calendar day in YYYY-MM-DD form. */
export function isDay(s: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);
}

/** The state of one grid from its day (if the day's figures list it) and its gap row (if any). */
export function gridState(day: Pick<CoverageGrid, 'patrolled'> | undefined, gap: Pick<GapGrid, 'lastPatrolledAt' | 'daysSince'> | undefined, days: number): GridState {
  if (day?.patrolled) return 'day';
  if (!gap || gap.lastPatrolledAt === null || gap.daysSince === null) return gap ? 'never' : 'stale';
  return gap.daysSince < days ? 'recent' : 'stale';
}

/** Every grid of the day's figures and of the gaps, by code, with its state. */
export function gridStates(coverage: CoverageDay | null, gaps: Gaps | null): Map<string, GridState> {
  const byDay = new Map((coverage?.grids ?? []).map((g) => [g.gridCode, g]));
  const byGap = new Map((gaps?.grids ?? []).map((g) => [g.gridCode, g]));
  const days = gaps?.days ?? 7;
  const out = new Map<string, GridState>();
  for (const code of new Set([...byDay.keys(), ...byGap.keys()])) out.set(code, gridState(byDay.get(code), byGap.get(code), days));
  return out;
}

type Expression = unknown[];

/**
 * A MapLibre expression giving each grid (by its `code` property) its state's colour, `fallback` for the
 * grids the figures do not list. One match label list per state (a label may stand once only).
 */
export function stateColorExpression(states: ReadonlyMap<string, GridState>, fallback = 'rgba(0,0,0,0)'): Expression | string {
  const arms: unknown[] = [];
  for (const s of GRID_STATES) {
    const codes = [...states].filter(([, v]) => v === s).map(([k]) => k);
    if (codes.length) arms.push(codes, STATE_COLORS[s]);
  }
  return arms.length ? ['match', ['to-string', ['get', 'code']], ...arms, fallback] : fallback;
}

/** A MapLibre filter keeping the grids whose code is in the list (none for an empty list). */
export function codeFilter(codes: readonly string[]): Expression {
  return codes.length ? ['in', ['to-string', ['get', 'code']], ['literal', [...codes]]] : ['boolean', false];
}

/** Codes of the grids without their leader or assistant. */
export function understaffed(gaps: Gaps | null): string[] {
  return (gaps?.grids ?? []).filter((g) => g.staffing !== 'ok').map((g) => g.gridCode);
}

/** The communities the figures cover, by name, for the filter. */
export function communities(gaps: Gaps | null, coverage: CoverageDay | null): { code: string; name: string }[] {
  const seen = new Map<string, string>();
  for (const g of [...(gaps?.grids ?? []), ...(coverage?.grids ?? [])]) if (!seen.has(g.communityCode)) seen.set(g.communityCode, g.communityName);
  return [...seen].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code));
}

/** Whether a grid code lies in a community (grid codes begin with their community's); '' is every community. */
export function inCommunity(gridCode: string | null, community: string): boolean {
  return community === '' || (gridCode ?? '').startsWith(community);
}

/** Whether a worker's grids touch the community ('' is every community). */
export function workerInCommunity(gridCodes: readonly string[], community: string): boolean {
  return community === '' || gridCodes.some((c) => c.startsWith(community));
}

/** What a staffing gap lacks, as message keys' last word. */
export function staffingWord(s: Staffing): 'ok' | 'noLeader' | 'noAssistant' | 'nobody' {
  return s === 'no_leader' ? 'noLeader' : s === 'no_assistant' ? 'noAssistant' : s === 'nobody' ? 'nobody' : 'ok';
}

/** A share 0..1 as a whole percentage (null for no share to speak of). */
export function percent(share: number | null | undefined): number | null {
  return share === null || share === undefined || !Number.isFinite(share) ? null : Math.round(Math.max(0, Math.min(1, share)) * 100);
}

/** Whole days from an instant to `now` (0 the same day), or null for never. */
export function daysAgo(iso: string | null, now: Date): number | null {
  if (!iso) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : Math.max(0, Math.floor((now.getTime() - t) / DAY_MS));
}

/** One line of the grids list: the grid, its state, when it was last walked and the chosen day's shares. */
export interface GridRow {
  code: string;
  name: string;
  communityName: string;
  state: GridState;
  lastPatrolledAt: string | null;
  daysSince: number | null;
  buildingShare: number | null;
  streetShare: number | null;
}

/** The grids of the community not patrolled on the chosen day ('day') or not within the window ('window'), longest neglected first. */
export function gridRows(day: CoverageDay | null, gaps: Gaps | null, community: string, which: 'day' | 'window'): GridRow[] {
  const byDay = new Map((day?.grids ?? []).map((g) => [g.gridCode, g]));
  const byGap = new Map((gaps?.grids ?? []).map((g) => [g.gridCode, g]));
  const states = gridStates(day, gaps);
  const rows: GridRow[] = [];
  for (const [code, state] of states) {
    if (!inCommunity(code, community) || state === 'day' || (which === 'window' && state === 'recent')) continue;
    const d = byDay.get(code);
    const g = byGap.get(code);
    rows.push({
      code, name: g?.gridName || d?.gridName || code, communityName: g?.communityName ?? d?.communityName ?? '', state,
      lastPatrolledAt: g?.lastPatrolledAt ?? null, daysSince: g?.daysSince ?? null,
      buildingShare: d ? percent(d.buildingShare) : null, streetShare: d ? percent(d.streetShare) : null,
    });
  }
  // never walked first, then the longest since
  return rows.sort((a, b) => (b.daysSince ?? Infinity) - (a.daysSince ?? Infinity) || a.code.localeCompare(b.code));
}

/** The box [w, s, e, n] around positions [lon, lat, …], grown a little so a point or a short street is framed; null for none. */
export function coordsBbox(coords: readonly (readonly number[])[]): [number, number, number, number] | null {
  let box: [number, number, number, number] | null = null;
  // a loop: a day's fixes would overflow Math.min's arguments
  for (const [lon, lat] of coords) {
    if (lon === undefined || lat === undefined || !Number.isFinite(lon) || !Number.isFinite(lat)) continue;
    box = box ? [Math.min(box[0], lon), Math.min(box[1], lat), Math.max(box[2], lon), Math.max(box[3], lat)] : [lon, lat, lon, lat];
  }
  return box && padBbox(box, 0.1, 0.0008);
}

/** Every position of a line or lines. */
export function lineCoords(g: GeoJSON.LineString | GeoJSON.MultiLineString | null): number[][] {
  if (!g) return [];
  return g.type === 'LineString' ? g.coordinates : g.coordinates.flat();
}

/** A role assignment as the session has it: a jurisdiction (with its code) or grid codes. */
export interface ScopedRole {
  role: string;
  scope: { jurisdiction: { code: string } | null; gridCodes: string[] | null };
}

/**
 * The place the view opens on when none is chosen in the tree: the smallest jurisdiction (county, street
 * office or community code) holding every place the caller's patrols.view roles cover; '' when they hold none.
 */
export function defaultPlace(roles: readonly ScopedRole[]): string {
  const codes = roles
    .filter((r) => (ROLE_PERMISSIONS[r.role as Role] ?? []).includes('patrols.view'))
    .flatMap((r) => (r.scope.jurisdiction ? [r.scope.jurisdiction.code] : (r.scope.gridCodes ?? []).map((g) => g.slice(0, 12))));
  if (!codes.length) return '';
  let common = codes[0]!;
  for (const c of codes) while (!c.startsWith(common)) common = common.slice(0, -1);
  const level = [12, 9, 6].find((n) => common.length >= n);
  return level ? common.slice(0, level) : codes[0]!;
}
