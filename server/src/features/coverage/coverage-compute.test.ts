import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createGrid, createJurisdictions, createPlan, createUser, square } from '../../../test/factories.ts';
import { createCoverageComputeRepo } from './coverage-compute.repo.ts';
import { markCoverageStale } from './coverage.repo.ts';
import { createCoverageScheduler } from './coverage.scheduler.ts';
import { COVERAGE_POLICY } from './coverage.service.ts';

// A hand-made walk on the real PostGIS: two grids side by side, a worker walking east across their border at a
// steady pace, a building 40 m and one 60 m from the way, a street the walk follows for half its length.
let db: TestDatabase;
const LON = 116.3;
const LAT = 39.98;
const WAY = LAT + 0.005; // the latitude walked
const M_PER_DEG = 111_195;
const mPerLonDeg = M_PER_DEG * Math.cos((WAY * Math.PI) / 180);
let west: { id: number; code: string };
let east: { id: number; code: string };
let worker: number;
let near: number;
let far: number;
const DAY = '2026-03-02';
const now = new Date('2026-03-05T02:00:00Z');

/** A 10 m square building whose south edge lies `metres` north of the way at `lon`. */
async function buildingNorth(regionCode: string, lon: number, metres: number) {
  const s = WAY + metres / M_PER_DEG;
  const [b] = await db.sql`insert into building (region_code, kind, geom) values (${regionCode}, 'residential',
    ST_Multi(ST_MakeEnvelope(${lon}, ${s}, ${lon + 10 / mPerLonDeg}, ${s + 10 / M_PER_DEG}, 4326))) returning id`;
  return Number(b!.id);
}

/** A patrol of `worker` with a fix every 10 s along the way from `fromLon` to `toLon`, starting at `start`. */
async function walk(start: string, fromLon: number, toLon: number, steps: number) {
  const [d] = await db.sql`insert into device (user_id, protocol, identifier) values (${worker}, 'web', ${`w-${start}`}) returning id`;
  const [p] = await db.sql`insert into patrol (user_id, device_id, started_at) values (${worker}, ${d!.id}, ${start}) returning id`;
  for (const day of ['2026-03-01', '2026-03-02', '2026-03-03']) await db.sql`select ensure_gps_fix_partition(${day}::date)`;
  await db.sql`insert into gps_fix (device_id, fixed_at, user_id, patrol_id, geom)
    select ${d!.id}, ${start}::timestamptz + i * interval '10 seconds', ${worker}, ${p!.id},
      ST_SetSRID(ST_MakePoint(${fromLon}::float8 + (${toLon}::float8 - ${fromLon}::float8) * i / ${steps}, ${WAY}), 4326)
    from generate_series(0, ${steps}) i`;
}

const compute = (day: string, policy = COVERAGE_POLICY) =>
  createCoverageComputeRepo(db.sql).computeDay(day, { prefix: null, policy, now, today: false });
const rows = (day: string) => db.sql`select grid_code, user_id::int, minutes::float8, distance_m, fixes, first_at, last_at
  from patrol_grid_day where day = ${day}::date order by grid_code`;
const grid = async (day: string, code: string) =>
  (await db.sql`select * from grid_coverage_day where day = ${day}::date and grid_code = ${code}`)[0]!;

beforeAll(async () => {
  db = await createTestDatabase();
  const j = await createJurisdictions(db.sql, { wkt: square(LON, LAT, 0.02) });
  const planId = await createPlan(db.sql, { jurisdictionId: j.communityId, regionCode: j.regionCode });
  const base = { planId, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode };
  west = await createGrid(db.sql, { ...base, wkt: square(LON, LAT, 0.01), seqNo: 1 });
  east = await createGrid(db.sql, { ...base, wkt: `MULTIPOLYGON(((${LON + 0.01} ${LAT},${LON + 0.02} ${LAT},${LON + 0.02} ${LAT + 0.01},${LON + 0.01} ${LAT + 0.01},${LON + 0.01} ${LAT})))`, seqNo: 2 });
  worker = (await createUser(db.sql, { grants: [{ role: 'grid_leader', gridCodes: [west.code, east.code] }] })).id;
  near = await buildingNorth(j.regionCode, LON + 0.008, 40);
  far = await buildingNorth(j.regionCode, LON + 0.007, 60);
  // a street in the east grid from 0.012 to 0.020 east of the corner; the walk ends at 0.016: half of it
  await db.sql`insert into road (region_code, name, class, geom) values (${j.regionCode}, '测试路', 'residential',
    ST_SetSRID(ST_MakeLine(ST_MakePoint(${LON + 0.012}, ${WAY}), ST_MakePoint(${LON + 0.0199}, ${WAY})), 4326))`;
  await db.sql`select refresh_street_pieces(${j.regionCode})`;
  // 09:00 Beijing: 100 steps of 8.5 m from 0.006 to 0.016 east of the corner, across the border at 0.010
  await walk('2026-03-02T01:00:00Z', LON + 0.006, LON + 0.016, 100);
});
afterAll(() => db.drop());

describe('a day of one walk across two grids', () => {
  it('credits each grid with the time, distance and fixes inside it', async () => {
    const r = await compute(DAY);
    expect(r?.fixes).toBe(101);
    const [w, e] = await rows(DAY);
    // 1,000 s in all: 4/10 of the way in the west grid, 6/10 in the east
    expect(w!.grid_code).toBe(west.code);
    expect(w!.minutes).toBeCloseTo((1000 * 0.4) / 60, 1);
    expect(e!.minutes).toBeCloseTo((1000 * 0.6) / 60, 1);
    const length = 0.01 * mPerLonDeg;
    expect(w!.distance_m).toBeGreaterThan(0.4 * length * 0.995);
    expect(w!.distance_m).toBeLessThan(0.4 * length * 1.005);
    expect(e!.distance_m).toBeGreaterThan(0.6 * length * 0.995);
    expect(e!.distance_m).toBeLessThan(0.6 * length * 1.005);
    // fixes 0..40 lie west of the border (the 40th on it, in both), 40..100 east
    expect(w!.fixes + e!.fixes).toBeGreaterThanOrEqual(101);
    expect(w!.fixes).toBeGreaterThanOrEqual(40);
    expect(e!.fixes).toBeGreaterThanOrEqual(60);
    expect(w!.first_at.toISOString()).toBe('2026-03-02T01:00:00.000Z');
    expect(e!.last_at.toISOString()).toBe('2026-03-02T01:16:40.000Z');
  });

  it('passes the building 40 m away and not the one 60 m away at the default 50 m, both at 70 m', async () => {
    await compute(DAY);
    const passed = async () => (await db.sql`select building_id::int from building_visit order by 1`).map((b) => b.building_id);
    expect(await passed()).toEqual([near]);
    expect((await grid(DAY, west.code)).buildings_passed).toBe(1);
    expect((await grid(DAY, west.code)).buildings_total).toBe(2);
    await compute(DAY, { ...COVERAGE_POLICY, buildingDistanceM: 70 });
    expect(await passed()).toEqual([near, far].sort((a, b) => a - b));
    expect((await grid(DAY, west.code)).buildings_passed).toBe(2);
    await compute(DAY);
  });

  it('counts the half of the street walked, piece by piece', async () => {
    const g = await grid(DAY, east.code);
    const road = 0.0079 * mPerLonDeg;
    expect(g.street_m_total).toBeCloseTo(road, -1);
    // 0.004 of 0.0079 walked, plus at most the piece reached within 20 m past the walk's end
    expect(g.street_m_walked).toBeGreaterThanOrEqual(0.004 * mPerLonDeg - 25);
    expect(g.street_m_walked).toBeLessThanOrEqual(0.004 * mPerLonDeg + 45);
    expect(g.patrolled).toBe(true);
    const [last] = await db.sql`select max(last_walked_at) as t, min(last_walked_by)::int as by from street_piece`;
    expect(last!.by).toBe(worker);
    expect(last!.t.toISOString() <= '2026-03-02T01:16:40.000Z').toBe(true);
  });

  it('gives the same rows when the day is computed again', async () => {
    const figures = () => db.sql`select grid_code, buildings_total, buildings_passed, street_m_total, street_m_walked, minutes, distance_m, patrolled
      from grid_coverage_day where day = ${DAY}::date order by grid_code`;
    const before = [await rows(DAY), await figures()];
    await compute(DAY);
    await compute(DAY);
    expect([await rows(DAY), await figures()]).toEqual(before);
  });

  it('skips the work when asked only for stale figures and they are fresh', async () => {
    const r = await createCoverageComputeRepo(db.sql).computeDay(DAY, { prefix: null, policy: COVERAGE_POLICY, now, today: false, unlessFresh: () => true });
    expect(r).toBeNull();
  });
});

describe('the Beijing day boundary', () => {
  it('splits a walk at 00:00 +08:00: the fixes before midnight in Beijing count for that day, those after for the next', async () => {
    // 23:50 to 00:10 Beijing on the night of 2 to 3 March (15:50 to 16:10 UTC, all of it on one UTC day)
    await walk('2026-03-02T15:50:00Z', LON + 0.001, LON + 0.009, 120);
    await compute('2026-03-02');
    await compute('2026-03-03');
    const day2 = (await rows('2026-03-02')).find((r) => r.grid_code === west.code)!;
    const day3 = (await rows('2026-03-03')).find((r) => r.grid_code === west.code)!;
    // the morning walk's 400 s plus 59 steps before midnight; 61 fixes after it, 60 steps
    expect(day2.minutes).toBeCloseTo((400 + 590) / 60, 1);
    expect(day3.minutes).toBeCloseTo(600 / 60, 1);
    expect(day3.fixes).toBe(61);
    expect(day3.first_at.toISOString()).toBe('2026-03-02T16:00:00.000Z');
  });

  it('leaves a day without fixes unpatrolled, with its grids still counted', async () => {
    await compute('2026-03-04');
    expect(await rows('2026-03-04')).toEqual([]);
    const g = await grid('2026-03-04', east.code);
    expect(g.patrolled).toBe(false);
    expect(g.buildings_passed).toBe(0);
    expect(g.street_m_total).toBeGreaterThan(0);
  });
});

describe('the scheduler after midnight', () => {
  it('computes yesterday, again once it has settled, then leaves it', async () => {
    await db.sql`delete from grid_coverage_day where day = '2026-03-03'`;
    await db.sql`delete from patrol_grid_day where day = '2026-03-03'`;
    const scheduler = createCoverageScheduler({ sql: db.sql, clock: () => now });
    // 00:30 and 01:30 on 4 March in Beijing: computed at once, again after the hour late uploads may take, then no more;
    // the week before it catches up at the first tick but for 2 March, computed above after it had settled
    expect(await scheduler.tick(new Date('2026-03-03T16:30:00Z'))).toEqual(['2026-02-25', '2026-02-26', '2026-02-27', '2026-02-28', '2026-03-01', '2026-03-03']);
    expect(await scheduler.tick(new Date('2026-03-03T16:30:30Z'))).toEqual([]);
    expect(await scheduler.tick(new Date('2026-03-03T17:30:00Z'))).toEqual(['2026-03-03']);
    expect(await scheduler.tick(new Date('2026-03-03T18:30:00Z'))).toEqual([]);
    // a late import of that day's tracks: computed again at the next tick
    expect(await markCoverageStale(db.sql, ['2026-03-03'])).toBeGreaterThan(0);
    expect(await scheduler.tick(new Date('2026-03-03T19:30:00Z'))).toEqual(['2026-03-03']);
    const day3 = (await rows('2026-03-03')).find((r) => r.grid_code === west.code)!;
    expect(day3.fixes).toBe(61);
  });
});

describe('a place far from Beijing', () => {
  it('measures in metres at Shanghai\'s latitude: a building 45 m past the way\'s end passed, one 55 m past it not', async () => {
    const [lon, lat] = [121.47, 31.23];
    const j = await createJurisdictions(db.sql, { wkt: square(lon, lat, 0.01) });
    const planId = await createPlan(db.sql, { jurisdictionId: j.communityId, regionCode: j.regionCode });
    const g = await createGrid(db.sql, { planId, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode, wkt: square(lon, lat, 0.01), seqNo: 1 });
    const way = lat + 0.005;
    const mLon = M_PER_DEG * Math.cos((way * Math.PI) / 180);
    // east of the way's end (a degree of longitude is 95 km here, not 111): 45 m and 55 m from it
    const end = lon + 0.005;
    const box = async (metres: number) => Number((await db.sql`insert into building (region_code, geom) values (${j.regionCode},
      ST_Multi(ST_MakeEnvelope(${end + metres / mLon}, ${way - 4 / M_PER_DEG}, ${end + (metres + 8) / mLon}, ${way + 4 / M_PER_DEG}, 4326))) returning id`)[0]!.id);
    const b45 = await box(45);
    const b55 = await box(55);
    const [d] = await db.sql`insert into device (user_id, protocol, identifier) values (${worker}, 'web', 'w-shanghai') returning id`;
    const [p] = await db.sql`insert into patrol (user_id, device_id, started_at) values (${worker}, ${d!.id}, '2026-03-04T01:00:00Z') returning id`;
    await db.sql`select ensure_gps_fix_partition('2026-03-04')`;
    await db.sql`insert into gps_fix (device_id, fixed_at, user_id, patrol_id, geom)
      select ${d!.id}, '2026-03-04T01:00:00Z'::timestamptz + i * interval '10 seconds', ${worker}, ${p!.id},
        ST_SetSRID(ST_MakePoint(${lon + 0.001}::float8 + 0.004 * i / 60, ${way}), 4326) from generate_series(0, 60) i`;
    await compute('2026-03-04');
    const visits = (await db.sql`select building_id::int from building_visit where building_id in (${b45}, ${b55})`).map((r) => r.building_id);
    expect(visits).toEqual([b45]);
    const [row] = await db.sql`select minutes::float8, distance_m from patrol_grid_day where day = '2026-03-04' and grid_id = ${g.id}`;
    expect(row!.minutes).toBeCloseTo(10, 1);
    expect(row!.distance_m).toBeGreaterThan(0.004 * mLon * 0.995);
    expect(row!.distance_m).toBeLessThan(0.004 * mLon * 1.005);
  });
});
