import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { denverCity, DENVER_FILE } from '../../../../bench/plans/denver.ts';
import { loadCommunity, type LoadedCommunity } from '../../../../bench/plans/load.ts';
import { json, signedInSender } from '../../../test/api.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createUser } from '../../../test/factories.ts';
import { createAutoplanRepo } from './autoplan.repo.ts';
import type { DistrictsProposal } from './districts.service.ts';
import { ensureParcels } from './parcels.repo.ts';

// Districts across communities on real units: the six tracts of north-west Denver as six communities
// of one street office, planned into districts that may cross community borders (as wards do).

let db: TestDatabase;
let city: LoadedCommunity;
let countyId: number;
let send: Awaited<ReturnType<typeof signedInSender>>;
let planner: string;
beforeAll(async () => {
  db = await createTestDatabase();
  city = await loadCommunity(db.sql, denverCity(DENVER_FILE, { byTract: true }));
  countyId = Number((await db.sql`select parent_id from jurisdiction where id = ${city.townId}`)[0]!.parent_id);
  planner = (await createUser(db.sql, { grants: [{ role: 'planner', jurisdictionId: city.townId }] })).username;
  send = await signedInSender(db.sql);
}, 120_000);
afterAll(() => db.drop());

/** Independent PostGIS check of districts against the street office: validity, cover, overlaps. */
async function check(districts: { geom: unknown }[]) {
  const [r] = await db.sql`
    with d as (select n, ST_SetSRID(ST_GeomFromGeoJSON(t), 4326) as geom
               from unnest(${districts.map((x) => JSON.stringify(x.geom))}::text[]) with ordinality as x(t, n)),
    t as (select geom from jurisdiction where id = ${city.townId})
    select (select count(*)::int from d where not ST_IsValid(d.geom)) as invalid,
           (select ST_Area(ST_SymDifference((select ST_Union(geom) from d), t.geom)::geography) from t) as symdiff_m2,
           (select coalesce(sum(ST_Area(ST_Intersection(a.geom, b.geom)::geography)), 0) from d a join d b on a.n < b.n and ST_Intersects(a.geom, b.geom)) as overlap_m2,
           (select count(*)::int from building b where b.households > 0 and (select count(*) from d where ST_Intersects(d.geom, b.anchor)) <> 1) as not_once`;
  return r!;
}

describe('districts across communities', () => {
  it('keeps every real block adjacency, across community borders too', async () => {
    expect(city.communityIds).toHaveLength(6);
    const { edges } = JSON.parse(readFileSync(DENVER_FILE.replace('blocks-nw.geojson.gz', 'adjacency-nw.json'), 'utf8')) as { edges: [string, string, number][] };
    for (const id of city.communityIds) await ensureParcels(db.sql, id);
    await db.sql.begin(async (tx) => {
      const l = await createAutoplanRepo(tx).loadUnits(city.communityIds, { households: 1, residents: 0, specialGroups: 0 });
      const unitOf = new Map((await tx`select u.id, b.name from t_unit u join building b on b.id = u.building_id`).map((r) => [String(r.name), Number(r.id)]));
      const have = new Set(l.adjacencies.map((a) => `${Math.min(a.a, a.b)}-${Math.max(a.a, a.b)}`));
      const across = edges.filter(([a, b]) => l.communityOf.get(unitOf.get(a)!) !== l.communityOf.get(unitOf.get(b)!));
      expect(across.length).toBeGreaterThan(50); // the tracts' borders
      expect(edges.filter(([a, b]) => !have.has(`${Math.min(unitOf.get(a)!, unitOf.get(b)!)}-${Math.max(unitOf.get(a)!, unitOf.get(b)!)}`))).toEqual([]);
    });
  }, 120_000);

  it('plans a street office into a number of districts: contiguous, in band, tiling it, some crossing communities', async () => {
    const res = await send(planner, 'POST', `/api/jurisdictions/${city.townId}/districts`, { districts: 3, alternatives: 2, seed: 4 });
    expect(res.status, await res.clone().text()).toBe(200);
    const p = await json<DistrictsProposal>(res);
    expect(p.jurisdiction).toMatchObject({ id: city.townId, level: 'town' });
    expect(p.communities).toBe(6);
    const mean = p.households / 3;
    expect(p.band.min).toBeGreaterThanOrEqual(Math.floor(mean * 0.9));
    expect(p.band.max).toBeLessThanOrEqual(Math.ceil(mean * 1.1));
    expect(p.alternatives).toHaveLength(2);
    for (const a of p.alternatives) {
      expect(a.districts).toHaveLength(3);
      expect(a.metrics).toMatchObject({ grids: 3, inBand: 3, contiguous: 3 });
      expect(a.districts.reduce((s, d) => s + d.households, 0)).toBe(p.households);
      for (const d of a.districts) expect(d.households).toBeGreaterThanOrEqual(p.band.min);
      // six tracts into three districts: at least one district holds parts of several communities
      expect(a.districts.some((d) => d.communities.length > 1)).toBe(true);
      const c = await check(a.districts);
      expect(c).toMatchObject({ invalid: 0, not_once: 0 });
      expect(Number(c.symdiff_m2)).toBeLessThan(1);
      expect(Number(c.overlap_m2)).toBeLessThan(1);
    }
  }, 120_000);

  it('takes a band per call and plans a city (county) the same way', async () => {
    const band = { min: 1500, max: 2500 };
    const cityPlanner = (await createUser(db.sql, { grants: [{ role: 'planner', jurisdictionId: countyId }] })).username;
    send = await signedInSender(db.sql);
    const res = await send(cityPlanner, 'POST', `/api/jurisdictions/${countyId}/districts`, { band, alternatives: 1 });
    expect(res.status, await res.clone().text()).toBe(200);
    const p = await json<DistrictsProposal>(res);
    expect(p.jurisdiction.level).toBe('county');
    const [a] = p.alternatives;
    expect(a!.districts.length).toBeGreaterThanOrEqual(Math.ceil(p.households / band.max));
    expect(a!.districts.length).toBeLessThanOrEqual(Math.floor(p.households / band.min));
    expect(a!.metrics.inBand).toBe(a!.districts.length);
    expect(a!.metrics.contiguous).toBe(a!.districts.length);
  }, 120_000);

  it('refuses a community, places outside the planning scope, a call without band or count, and non-planners', async () => {
    const post = (who: string, id: number, body: unknown) => send(who, 'POST', `/api/jurisdictions/${id}/districts`, body);
    const community = await post(planner, city.communityId, { districts: 2 });
    expect(community.status).toBe(400);
    expect((await json<{ error: { code: string } }>(community)).error.code).toBe('not_a_town_or_county');
    const county = await post(planner, countyId, { districts: 2 }); // a street office's planner does not plan the city
    expect(county.status).toBe(404);
    expect((await post(planner, 999_999, { districts: 2 })).status).toBe(404);
    const empty = await post(planner, city.townId, { alternatives: 1 });
    expect(empty.status).toBe(400);
    const bad = await post(planner, city.townId, { band: { min: 500, max: 100 } });
    expect(bad.status).toBe(400);
    const viewer = (await createUser(db.sql, { grants: [{ role: 'viewer', jurisdictionId: city.townId }] })).username;
    send = await signedInSender(db.sql);
    expect((await post(viewer, city.townId, { districts: 2 })).status).toBe(403);
  });
});
