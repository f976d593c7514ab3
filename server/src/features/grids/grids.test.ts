import { testClient } from 'hono/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createBuilding, createGrid, createJurisdictions, createPlan, createSession, createUser, square } from '../../../test/factories.ts';

let db: TestDatabase;
let gridId: number;
let gridCode: string;
let communityId: number;
let townId: number;
let otherCode: string;
const now = new Date('2026-06-01T04:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase();
  const j = await createJurisdictions(db.sql, { wkt: square(120, 30, 0.01), band: [2, 5] });
  communityId = j.communityId;
  townId = j.townId;
  const plan = await createPlan(db.sql, { jurisdictionId: j.townId, regionCode: j.regionCode, validFrom: '2026-01-01', validTo: '2027-01-01' });
  const g = await createGrid(db.sql, { planId: plan, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode, wkt: square(120, 30, 0.005), seqNo: 1 });
  otherCode = (await createGrid(db.sql, { planId: plan, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode, wkt: square(120.005, 30, 0.005), seqNo: 2 })).code;
  // a future plan that must not answer before it takes effect
  const future = await createPlan(db.sql, { jurisdictionId: j.townId, regionCode: j.regionCode, validFrom: '2027-01-01' });
  await createGrid(db.sql, { planId: future, communityId: j.communityId, communityCode: j.communityCode, regionCode: j.regionCode, wkt: square(120, 30, 0.01), seqNo: 9 });
  gridId = g.id;
  gridCode = g.code;
  await createBuilding(db.sql, { regionCode: j.regionCode, wkt: square(120.001, 30.001, 0.0002), households: 4, estimated: true,
    residents: [['elderly_alone'], [], ['disabled', 'low_income']] });
  await createBuilding(db.sql, { regionCode: j.regionCode, wkt: square(120.002, 30.002, 0.0002), households: 3 });
  // a building in the other grid counts there, not here
  await createBuilding(db.sql, { regionCode: j.regionCode, wkt: square(120.007, 30.001, 0.0002), households: 50 });
});
afterAll(() => db.drop());

const client = () => testClient(createApp({ sql: db.sql, clock: () => now }));

describe('GET /api/grids/at', () => {
  it('finds the grid, community, town and plan in force at a point', async () => {
    const res = await client().api.grids.at.$get({ query: { lon: '120.002', lat: '30.002' } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.grid.code).toBe(gridCode);
    expect(body.community.name).toMatch(/^测试社区/);
    expect(body.town?.name).toMatch(/^测试街道/);
  });

  it('answers from the future plan once it is in force', async () => {
    const later = testClient(createApp({ sql: db.sql, clock: () => new Date('2027-02-01T04:00:00Z') }));
    const body = await (await later.api.grids.at.$get({ query: { lon: '120.002', lat: '30.002' } })).json();
    expect(body.grid.code.endsWith('009')).toBe(true);
  });

  it('refuses a second plan in force over the same period', async () => {
    const [j] = await db.sql`select jurisdiction_id, region_code from grid_plan limit 1`;
    await expect(createPlan(db.sql, { jurisdictionId: Number(j!.jurisdiction_id), regionCode: j!.region_code, validFrom: '2026-03-01' }))
      .rejects.toThrow(/exclusion constraint|conflicting key/);
  });

  it('is 404 grid_not_found where no grid is', async () => {
    const res = await client().api.grids.at.$get({ query: { lon: '10', lat: '10' } });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: { code: 'grid_not_found' } });
  });

  it.each([
    [{ lon: '181', lat: '30' }, /lon must be ≤ 180/],
    [{ lon: '120', lat: '-91' }, /lat must be ≥ -90/],
    [{ lon: 'abc', lat: '30' }, /lon must be a number/],
    [{ lon: '', lat: '30' }, /lon must be a number/],
    [{ lon: '120' }, /lat/],
  ])('rejects %j with 400 naming the field', async (query, message) => {
    const res = await createApp({ sql: db.sql, clock: () => now }).request(`/api/grids/at?${new URLSearchParams(query as Record<string, string>)}`);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('invalid_request');
    expect(body.error.message).toMatch(message);
  });
});

describe('GET /api/grids/:id', () => {
  it('computes households, residents, buildings, special groups, area and band in PostGIS', async () => {
    const res = await client().api.grids[':id'].$get({ param: { id: String(gridId) } });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.stats).toMatchObject({ households: 7, householdsEstimated: true, residents: 3, residentsSynthetic: false, buildings: 2 });
    // anonymous callers get no special-group counts: small numbers can identify people
    expect(body.stats.specialGroups).toBeNull();
    // 0.005° × 0.005° at 30°N ≈ 556 m × 481 m
    expect(body.stats.areaM2).toBeGreaterThan(250_000);
    expect(body.stats.areaM2).toBeLessThan(280_000);
    expect(body.band).toEqual({ min: 2, max: 5, status: 'over' });
    expect(body.plan.validFrom).toBe('2026-01-01');
  });

  it('gives special-group counts only to callers whose residents scope covers the grid', async () => {
    const app = createApp({ sql: db.sql, clock: () => now });
    const statsAs = async (grants: { role: string; jurisdictionId?: number; gridCodes?: string[] }[]) => {
      const u = await createUser(db.sql, { grants });
      const res = await app.request(`/api/grids/${gridId}`, { headers: { Cookie: (await createSession(db.sql, u.id, now)).cookie } });
      return ((await res.json()) as { stats: { specialGroups: Record<string, number> | null } }).stats.specialGroups;
    };
    expect(await statsAs([{ role: 'officer', jurisdictionId: communityId }])).toMatchObject({ elderly_alone: 1, disabled: 1, low_income: 1, migrant: 0 });
    expect(await statsAs([{ role: 'grid_leader', gridCodes: [gridCode] }])).toMatchObject({ elderly_alone: 1 });
    expect(await statsAs([{ role: 'grid_leader', gridCodes: ['990000001001999'] }])).toBeNull();
    expect(await statsAs([{ role: 'viewer', jurisdictionId: communityId }])).toBeNull(); // map only
  });

  it('lists the grid\'s staff with work phones: in full for whoever works the grid, masked for others, none for anonymous callers', async () => {
    const app = createApp({ sql: db.sql, clock: () => now });
    const leader = await createUser(db.sql, { grants: [{ role: 'grid_leader', gridCodes: [gridCode] }] });
    const manager = await createUser(db.sql, { grants: [{ role: 'community_manager', jurisdictionId: communityId }] });
    const neighbour = await createUser(db.sql, { grants: [{ role: 'grid_assistant', gridCodes: [otherCode] }] });
    await db.sql`update app_user set phone = '13812345678' where id = ${leader.id}`;
    await db.sql`update app_user set phone = '010-62345678' where id = ${manager.id}`;
    type Staff = { userId: number; role: string; phone: string | null; phoneMasked: boolean; via: string }[] | null;
    const staffAs = async (grants: { role: string; jurisdictionId?: number; gridCodes?: string[] }[] | null) => {
      const headers: Record<string, string> = {};
      if (grants) headers.Cookie = (await createSession(db.sql, (await createUser(db.sql, { grants })).id, now)).cookie;
      return ((await (await app.request(`/api/grids/${gridId}`, { headers })).json()) as { staff: Staff }).staff;
    };
    const mine = (staff: Staff) => (staff ?? []).filter((s) => [leader.id, manager.id, neighbour.id].includes(s.userId))
      .map((s) => ({ userId: s.userId, role: s.role, phone: s.phone, phoneMasked: s.phoneMasked, via: s.via }));
    const full = [
      { userId: leader.id, role: 'grid_leader', phone: '13812345678', phoneMasked: false, via: 'grid' },
      { userId: manager.id, role: 'community_manager', phone: '010-62345678', phoneMasked: false, via: 'community' },
    ];
    // the assistant of the neighbouring grid is not this grid's staff
    expect(mine(await staffAs([{ role: 'officer', jurisdictionId: communityId }]))).toEqual(full);
    expect(mine(await staffAs([{ role: 'commander', jurisdictionId: townId }]))).toEqual(full);
    expect(mine(await staffAs([{ role: 'grid_leader', gridCodes: [gridCode] }]))).toEqual(full);
    const masked = [
      { userId: leader.id, role: 'grid_leader', phone: '138****5678', phoneMasked: true, via: 'grid' },
      { userId: manager.id, role: 'community_manager', phone: '010-******78', phoneMasked: true, via: 'community' },
    ];
    expect(mine(await staffAs([{ role: 'viewer', jurisdictionId: communityId }]))).toEqual(masked);
    expect(mine(await staffAs([{ role: 'grid_assistant', gridCodes: [otherCode] }]))).toEqual(masked);
    expect(await staffAs(null)).toBeNull();
  });

  it('is 404 for an unknown id and 400 for a malformed one', async () => {
    const app = createApp({ sql: db.sql, clock: () => now });
    expect((await app.request('/api/grids/999999')).status).toBe(404);
    const bad = await app.request('/api/grids/abc');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'invalid_request' } });
    expect((await app.request('/api/grids/99999999999999999999')).status).toBe(400);
  });
});
