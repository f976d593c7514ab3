import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession, createUser } from '../../../test/factories.ts';
import { createIncidentPlace, insertIncident, seeded, type IncidentPlace } from '../../../test/incident-rows.ts';
import { EXPORT_HEADER } from './incident-export.service.ts';
import { EXPORT_MAX } from './incident-stats.routes.ts';

// GET /api/incidents/export on PostGIS: what the list's filters select, in the caller's scope, with reporters'
// names and phones masked, audited, and refused beyond the cap.
let db: TestDatabase;
let place: IncidentPlace;
let big: IncidentPlace;
const now = new Date('2026-03-10T04:00:00Z');
const PHONES = ['13812345678', '010-62345678', '15900001111'];
const as: Record<string, { cookie: string; id: number }> = {};

beforeAll(async () => {
  db = await createTestDatabase();
  place = await createIncidentPlace(db.sql, 118.8, 32.0);
  big = await createIncidentPlace(db.sql, 118.9, 32.0);
  const rnd = seeded(3);
  for (let i = 0; i < 45; i++) {
    const community = place.communities[i % 2]!;
    const status = ['reported', 'dispatched', 'closed', 'evaluated', 'voided'][Math.floor(rnd() * 5)]!;
    await insertIncident(db.sql, place, {
      community, grid: community.grids[i % 3]!, lon: community.lon, lat: community.lat, status,
      reportedAt: new Date(now.getTime() - rnd() * 40 * 86_400_000), category: ['0101', '0102', '0301'][i % 3]!,
      dispatchedAt: status === 'reported' || status === 'voided' ? null : new Date(now.getTime() - 86_400_000),
      closedAt: status === 'closed' || status === 'evaluated' ? now : null, dueAt: new Date(now.getTime() - 3_600_000),
      reporterName: i % 4 === 0 ? '张三丰' : null, reporterPhone: i % 4 === 0 ? PHONES[i % 3]! : null,
    });
  }
  // one case more than the export takes, in a county of its own
  const c = big.communities[0]!;
  await db.sql`insert into incident (reported_at, region_code, category_code, description, source, geom, community_id, community_code,
      town_id, town_code, county_id, county_code, status, level, state)
    select ${now}::timestamptz - g * interval '1 minute', ${big.regionCode}, '0101', '批量', 'patrol', ST_SetSRID(ST_MakePoint(${c.lon}, ${c.lat}), 4326),
      ${c.id}, ${c.code}, ${big.townId}, ${big.townCode}, ${big.countyId}, ${big.regionCode}, 'reported', 'community', '{}'::jsonb
    from generate_series(1, ${EXPORT_MAX + 1}) g`;
  const users = {
    commander: [{ role: 'commander', jurisdictionId: place.countyId }],
    manager: [{ role: 'community_manager', jurisdictionId: place.communities[0]!.id }],
    bigCommander: [{ role: 'commander', jurisdictionId: big.countyId }],
    viewer: [{ role: 'viewer', jurisdictionId: place.countyId }],
  };
  for (const [name, grants] of Object.entries(users)) {
    const u = await createUser(db.sql, { grants });
    as[name] = { ...(await createSession(db.sql, u.id, now)), id: u.id };
  }
}, 120_000);
afterAll(() => db.drop());

const app = () => createApp({ sql: db.sql, clock: () => now });
const get = (who: string, path: string) => app().request(path, { headers: { Cookie: as[who]!.cookie } });
const listTotal = async (who: string, q: string) => ((await (await get(who, `/api/incidents?${q}`)).json()) as { total: number }).total;
const csvLines = async (res: Response) => (await res.text()).replace(/^\uFEFF/, '').trimEnd().split('\r\n');

describe('GET /api/incidents/export', () => {
  it.each(['status=closed,evaluated', 'category=01&overdue=true', '', 'a grid'])('exports as CSV exactly what the list selects (%s)', async (q) => {
    const query = q === 'a grid' ? `grid=${place.communities[1]!.grids[1]}` : q;
    const res = await get('commander', `/api/incidents/export?format=csv&${query}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const lines = await csvLines(res);
    expect(lines[0]!.split(',')).toEqual([...EXPORT_HEADER]);
    const total = await listTotal('commander', query);
    expect(total).toBeGreaterThan(0);
    expect(lines.length - 1).toBe(total);
  });

  it('writes Chinese words, never an unmasked phone or full name', async () => {
    const res = await get('commander', '/api/incidents/export?format=csv');
    const text = await res.text();
    for (const p of PHONES) expect(text).not.toContain(p);
    expect(text).not.toContain('张三丰');
    expect(text).toContain('张*丰');
    expect(text).toContain('138****5678');
    expect(text).toMatch(/已结案|已派遣|待受理/);
    expect(text).toContain('私搭乱建');
  });

  it('writes an Excel workbook with the same rows, and audits each export', async () => {
    const before = await db.sql`select count(*)::int as n from audit_log where action = 'incident.export'`;
    const res = await get('manager', '/api/incidents/export?format=xlsx&status=dispatched,closed');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual([...EXPORT_HEADER]);
    // a community manager exports their community's cases only
    const total = await listTotal('manager', 'status=dispatched,closed');
    expect(sheet.rowCount - 1).toBe(total);
    const communities = new Set<string>();
    sheet.eachRow((row, n) => { if (n > 1) communities.add(String(row.getCell(10).value)); });
    expect([...communities]).toEqual([expect.stringMatching(/-1$/)]);
    let cells = '';
    sheet.eachRow((row) => { cells += JSON.stringify(row.values); });
    for (const p of PHONES) expect(cells).not.toContain(p);
    const [after] = await db.sql`select count(*)::int as n, (array_agg(details order by id desc))[1] as details, (array_agg(user_id order by id desc))[1] as user_id
      from audit_log where action = 'incident.export'`;
    expect(after!.n).toBe(before[0]!.n + 1);
    expect(Number(after!.user_id)).toBe(as.manager!.id);
    expect(after!.details).toMatchObject({ format: 'xlsx', count: total });
  });

  it('refuses more than the cap with export_too_large, writing nothing to the audit log', async () => {
    const [before] = await db.sql`select count(*)::int as n from audit_log`;
    const res = await get('bigCommander', '/api/incidents/export?format=xlsx');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'export_too_large', details: { count: EXPORT_MAX + 1, max: EXPORT_MAX } } });
    const [after] = await db.sql`select count(*)::int as n from audit_log`;
    expect(after!.n).toBe(before!.n);
    // narrowed, it goes
    expect((await get('bigCommander', `/api/incidents/export?format=csv&from=${encodeURIComponent(new Date(now.getTime() - 3_600_000).toISOString())}`)).status).toBe(200);
  });

  it('refuses callers without incidents.view and bad filters', async () => {
    expect((await get('viewer', '/api/incidents/export')).status).toBe(403);
    for (const q of ['format=pdf', 'status=lost', 'sort=random', 'from=soon']) {
      const res = await get('commander', `/api/incidents/export?${q}`);
      expect([res.status, ((await res.json()) as { error: { code: string } }).error.code], q).toEqual([400, 'invalid_request']);
    }
  });
});
