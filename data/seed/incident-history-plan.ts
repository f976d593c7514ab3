/**
 * The reports of the demo's incident history: how many a community gets each day (fewer on weekends and
 * holidays of the working-day calendar), when (patrol hours for grid workers, the day and evening for
 * residents), where (points of the grid near its buildings and roads), what and who. A few grids get a
 * hotspot: one kind of problem at one spot, rising over the last two weeks. Pure and seeded.
 */
import { isWorkingDay, shanghaiDate, shanghaiInstant, type Calendar } from '../../server/src/features/incidents/calendar.domain.ts';
import type { IncidentSource } from '../../server/src/features/incidents/incidents.schema.ts';
import { createRandom, type Random } from './random.ts';
import { CATEGORY_TEXTS, RESIDENT_SURNAMES, RESIDENT_TITLES } from './incident-history-texts.ts';

export interface Ref {
  id: number;
  code: string;
  name: string;
}

/** A place a case can be reported at: inside its grid, near a building or a road. */
export interface HistoryPoint {
  lon: number;
  lat: number;
  /** The compound or road it lies in or by. */
  address: string;
}

/** A grid of the plan in force, with its places and its workers who have accounts. */
export interface HistoryGrid {
  id: number;
  code: string;
  name: string;
  planId: number;
  /** Relative size (households), for spreading a community's reports over its grids. */
  weight: number;
  community: Ref;
  town: Ref | null;
  county: Ref | null;
  regionCode: string;
  points: HistoryPoint[];
  workers: number[];
}

/** One report to carry through the workflow. */
export interface PlannedReport {
  at: Date;
  grid: HistoryGrid;
  point: HistoryPoint;
  categoryCode: string;
  source: IncidentSource;
  description: string;
  reporter: { userId: number | null; name: string | null; phone: string | null; anonymous: boolean };
}

const DAY_MS = 86_400_000;
const HOTSPOT_DAYS = 14;
const HOTSPOT_CATEGORIES = ['0504', '0201', '0502', '0102'];

// reports per hour of the local day: grid workers patrol in office hours, residents call all day and in the evening
const HOURS: Record<'patrol' | 'resident' | 'video', readonly number[]> = {
  patrol: [0, 0, 0, 0, 0, 0, 0, 0.2, 1, 1.4, 1.4, 1, 0.3, 0.4, 1.2, 1.3, 1.1, 0.6, 0.2, 0.1, 0, 0, 0, 0],
  resident: [0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.2, 0.6, 1, 1.1, 1, 0.9, 0.7, 0.7, 0.9, 0.9, 0.9, 0.8, 0.9, 1.1, 1.1, 0.9, 0.5, 0.2],
  video: [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.4, 0.8, 1, 1, 1, 1, 0.8, 0.8, 1, 1, 1, 1, 1, 0.9, 0.7, 0.5, 0.4, 0.3],
};

/** Index picked with probability proportional to its weight. */
export function pickIndex(rng: Random, weights: readonly number[]): number {
  const total = weights.reduce((s, w) => s + w, 0);
  let r = rng.next() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i]!;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/** A Poisson-distributed count with mean `mean` (Knuth; means here are small). */
export function poisson(rng: Random, mean: number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = rng.next(); p > limit; p *= rng.next()) k++;
  return k;
}

/** How busy a local date is: working days in full, weekends less, public holidays least. */
function dayFactor(cal: Calendar, date: string): number {
  if (isWorkingDay(cal, date)) return 1;
  return cal.off.has(date) ? 0.45 : 0.6;
}

function timeOn(rng: Random, date: string, source: IncidentSource): Date {
  const hour = pickIndex(rng, HOURS[source === 'patrol' ? 'patrol' : source === 'video' ? 'video' : 'resident']);
  const minute = rng.int(0, 59);
  return new Date(shanghaiInstant(date, `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`).getTime() + rng.int(0, 59) * 1000);
}

function describe(rng: Random, code: string, source: IncidentSource, place: string): string {
  const text = rng.pick(CATEGORY_TEXTS[code]!.reports).replace('{place}', place);
  if (source === 'hotline') return `12345热线转办：市民来电反映，${text}`;
  if (source === 'resident') return `居民反映：${text}`;
  return source === 'video' ? `视频巡查发现：${text}` : text;
}

function reporterOf(rng: Random, grid: HistoryGrid, source: IncidentSource): PlannedReport['reporter'] {
  if (source === 'patrol') return { userId: grid.workers.length ? rng.pick(grid.workers) : null, name: null, phone: null, anonymous: false };
  if (source === 'video') return { userId: null, name: null, phone: null, anonymous: false };
  const name = `${rng.pick(RESIDENT_SURNAMES)}${rng.pick(RESIDENT_TITLES)}`;
  return { userId: null, name, phone: `1390000${String(rng.int(0, 9999)).padStart(4, '0')}`, anonymous: rng.chance(0.15) };
}

function report(rng: Random, grid: HistoryGrid, point: HistoryPoint, code: string, source: IncidentSource, at: Date): PlannedReport {
  return { at, grid, point, categoryCode: code, source, description: describe(rng, code, source, point.address), reporter: reporterOf(rng, grid, source) };
}

const CODES = Object.keys(CATEGORY_TEXTS);

/** Each grid's own mix: two kinds of problem it has more of than its neighbours. */
function gridMix(seed: string, grid: HistoryGrid): number[] {
  const rng = createRandom(`${seed}/mix/${grid.code}`);
  const strong = new Set([rng.pick(CODES), rng.pick(CODES)]);
  return CODES.map((c) => CATEGORY_TEXTS[c]!.weight * (strong.has(c) ? 3 : 1));
}

/** The everyday reports of one community on one date. */
function dayReports(seed: string, cal: Calendar, date: string, grids: readonly HistoryGrid[], perDay: number): PlannedReport[] {
  const rng = createRandom(`${seed}/day/${date}/${grids[0]!.community.code}`);
  const worked = isWorkingDay(cal, date);
  const out: PlannedReport[] = [];
  for (let n = poisson(rng, perDay * dayFactor(cal, date)); n > 0; n--) {
    const grid = grids[pickIndex(rng, grids.map((g) => g.weight))]!;
    const code = CODES[pickIndex(rng, gridMix(seed, grid))]!;
    const source = (['patrol', 'resident', 'hotline', 'video'] as const)[pickIndex(rng, [worked ? 0.55 : 0.3, 0.17, 0.23, 0.05])]!;
    out.push(report(rng, grid, rng.pick(grid.points), code, source, timeOn(rng, date, source)));
  }
  return out;
}

/** A hotspot's reports: one category at one spot, from a trickle to several a day over the last two weeks. */
function hotspotReports(seed: string, grid: HistoryGrid, now: Date): PlannedReport[] {
  const rng = createRandom(`${seed}/hotspot/${grid.code}`);
  const code = rng.pick(HOTSPOT_CATEGORIES);
  const spot = rng.pick(grid.points);
  const near = [...grid.points].sort((a, b) => (a.lon - spot.lon) ** 2 + (a.lat - spot.lat) ** 2 - ((b.lon - spot.lon) ** 2 + (b.lat - spot.lat) ** 2)).slice(0, 5);
  const out: PlannedReport[] = [];
  for (let k = 0; k < HOTSPOT_DAYS; k++) {
    const date = shanghaiDate(new Date(now.getTime() - (HOTSPOT_DAYS - 1 - k) * DAY_MS));
    for (let n = poisson(rng, 0.2 + (2.3 * k) / (HOTSPOT_DAYS - 1)); n > 0; n--) {
      const source = (['patrol', 'resident', 'hotline'] as const)[pickIndex(rng, [0.5, 0.2, 0.3])]!;
      out.push(report(rng, grid, rng.pick(near), code, source, timeOn(rng, date, source)));
    }
  }
  return out;
}

/** The grids that get a hotspot (a few, where there are places enough to cluster). */
export function hotspotGrids(seed: string, grids: readonly HistoryGrid[], count = 3): HistoryGrid[] {
  const rng = createRandom(`${seed}/hotspots`);
  const pool = grids.filter((g) => g.points.length >= 6).map((g) => ({ g, k: rng.next() }));
  return pool.sort((a, b) => a.k - b.k).slice(0, count).map((x) => x.g).sort((a, b) => a.code.localeCompare(b.code));
}

/** Every report of the `days` before `now`, oldest first. */
export function planReports(input: { seed: string; now: Date; days: number; grids: readonly HistoryGrid[]; calendar: Calendar }): PlannedReport[] {
  const { seed, now, days, calendar } = input;
  const grids = input.grids.filter((g) => g.points.length > 0);
  const start = now.getTime() - days * DAY_MS;
  const communities = [...new Set(grids.map((g) => g.community.code))].sort();
  const out: PlannedReport[] = [];
  for (const community of communities) {
    const own = grids.filter((g) => g.community.code === community);
    // 20–40 reports a month before weekends and holidays thin them
    const perDay = createRandom(`${seed}/rate/${community}`).int(24, 42) / 30.4;
    for (let t = start; t < now.getTime() + DAY_MS; t += DAY_MS) out.push(...dayReports(seed, calendar, shanghaiDate(new Date(t)), own, perDay));
  }
  for (const grid of hotspotGrids(seed, grids)) out.push(...hotspotReports(seed, grid, now));
  return out.filter((r) => r.at.getTime() >= start && r.at.getTime() <= now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime() || a.grid.code.localeCompare(b.grid.code));
}
