/** Test factories for incidents written straight into the table, with known states and times (heatmap, indicators, export). */
import type { Sql } from 'postgres';
import { createRandom } from '../../data/seed/random.ts';

/** A seeded source of numbers in [0, 1), so a test's cases are the same on every run. */
export const seeded = (seed: number) => {
  const r = createRandom(`incident-rows/${seed}`);
  return () => r.next();
};

let seq = 0;

/** A county with one street office and two communities (each with grid codes 001–003), squares side by side at (lon, lat). */
export async function createIncidentPlace(sql: Sql, lon: number, lat: number) {
  const n = (++seq * 7919 + process.pid) % 10000;
  const county = `98${String(n).padStart(4, '0')}`;
  const sq = (x: number, y: number, w: number, h: number) => `SRID=4326;MULTIPOLYGON(((${x} ${y},${x + w} ${y},${x + w} ${y + h},${x} ${y + h},${x} ${y})))`;
  const [k] = await sql`insert into jurisdiction (code, name, level, region_code, geom) values (${county}, ${`测试区${n}`}, 'county', ${county}, ${sq(lon, lat, 0.02, 0.01)}) returning id`;
  const [t] = await sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
    values (${`${county}001`}, ${`测试街道${n}`}, 'town', ${k!.id}, ${county}, ${sq(lon, lat, 0.02, 0.01)}) returning id`;
  const communities = [];
  for (const i of [1, 2]) {
    const code = `${county}001${String(i).padStart(3, '0')}`;
    const [c] = await sql`insert into jurisdiction (code, name, level, parent_id, region_code, geom)
      values (${code}, ${`测试社区${n}-${i}`}, 'community', ${t!.id}, ${county}, ${sq(lon + (i - 1) * 0.01, lat, 0.01, 0.01)}) returning id`;
    communities.push({ id: Number(c!.id), code, grids: [1, 2, 3].map((g) => `${code}00${g}`), lon: lon + (i - 1) * 0.01 + 0.005, lat: lat + 0.005 });
  }
  const [d] = await sql`insert into department (jurisdiction_id, region_code, name, kind) values (${t!.id}, ${county}, ${`测试城管队${n}`}, 'urban_management') returning id`;
  return { regionCode: county, countyId: Number(k!.id), townId: Number(t!.id), townCode: `${county}001`, communities, departmentId: Number(d!.id) };
}
export type IncidentPlace = Awaited<ReturnType<typeof createIncidentPlace>>;

/** One case as the test means it: where, when, what, and how far it went. */
export interface IncidentSpec {
  community: IncidentPlace['communities'][number];
  grid: string | null;
  lon: number;
  lat: number;
  reportedAt: Date;
  category: string;
  status: string;
  acceptedAt?: Date | null;
  dispatchedAt?: Date | null;
  /** Clock pauses (the wait for verification, deferrals); the last one of a closed case ends at its close. */
  pauses?: { from: Date; to: Date | null }[];
  closedAt?: Date | null;
  closedOnTime?: boolean | null;
  dueAt?: Date | null;
  reworkCount?: number;
  departmentId?: number | null;
  reporterUserId?: number | null;
  reporterName?: string | null;
  reporterPhone?: string | null;
}

/** Inserts a case with its workflow state built from the spec (clock started at dispatch, stopped at close); returns its id. */
export async function insertIncident(sql: Sql, place: IncidentPlace, s: IncidentSpec): Promise<number> {
  const closed = s.status === 'closed' || s.status === 'evaluated';
  const running = ['dispatched', 'handling', 'fed_back', 'deferred'].includes(s.status);
  const clock = {
    phase: closed ? 'stopped' : running ? 'running' : 'idle',
    startedAt: s.dispatchedAt?.toISOString() ?? null,
    stoppedAt: closed ? (s.closedAt?.toISOString() ?? null) : null,
    pauses: (s.pauses ?? []).map((p) => ({ from: p.from.toISOString(), to: p.to?.toISOString() ?? null })),
    extensions: [],
  };
  const state = {
    status: s.status, level: 'community', escalatedFrom: [], reporterId: null, assignee: null, pending: null, clock,
    forwarded: false, selfHandled: false, reworkCount: s.reworkCount ?? 0, sendBackCount: 0, reviewedAt: null, rating: null, version: 1,
  };
  const [r] = await sql`insert into incident ${sql({
    reported_at: s.reportedAt, region_code: place.regionCode, category_code: s.category, description: '测试事件', source: 'patrol',
    geom: sql`ST_SetSRID(ST_MakePoint(${s.lon}, ${s.lat}), 4326)` as never, grid_code: s.grid, grid_name: s.grid ? `网格${s.grid.slice(-3)}` : null,
    community_id: s.community.id, community_code: s.community.code, town_id: place.townId, town_code: place.townCode,
    county_id: place.countyId, county_code: place.regionCode, status: s.status, level: 'community', state: sql.json(state) as never,
    accepted_at: s.acceptedAt ?? null, dispatched_at: s.dispatchedAt ?? null, closed_at: s.closedAt ?? null, closed_on_time: s.closedOnTime ?? null,
    due_at: s.dueAt ?? null, rework_count: s.reworkCount ?? 0, department_id: s.departmentId ?? null,
    assignee_kind: s.departmentId ? 'department' : null, assignee_id: s.departmentId ? String(s.departmentId) : null,
    reporter_user_id: s.reporterUserId ?? null, reporter_name: s.reporterName ?? null, reporter_phone: s.reporterPhone ?? null,
  })} returning id`;
  return Number(r!.id);
}
