import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createJurisdictions, createSession, createUser, square } from '../../../test/factories.ts';
import { ASSISTANT_IDLE_DAYS } from '../../../../data/seed/patrol-history-plan.ts';
import { addDays, dayOf } from './coverage.domain.ts';

// The coverage API over the demo with its synthetic month of patrols (loaded into the demo template as `npm start`
// loads it): a day per grid, the gaps, the export, and who may see what.
let db: TestDatabase;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
const FURUN = '110108010031';
const now = () => new Date();
let leaderGrid: string;

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) as[u.username] = await createSession(db.sql, Number(u.id));
  // a supervisor of a street office elsewhere (another county, with its own place)
  const other = await createJurisdictions(db.sql, { wkt: square(121.4, 31.2, 0.01) });
  const stranger = await createUser(db.sql, { username: 'supervisor.elsewhere', grants: [{ role: 'supervisor', jurisdictionId: other.townId }] });
  as['supervisor.elsewhere'] = await createSession(db.sql, stranger.id);
  const [g] = await db.sql`select r.grid_codes[1] as code from role_assignment r join app_user u on u.id = r.user_id where u.username = 'leader.furun1'`;
  leaderGrid = String(g!.code);
});
afterAll(() => db.drop());

const get = (who: string, path: string) => createApp({ sql: db.sql }).request(path, { headers: { Cookie: as[who]!.cookie } });
const json = async <T>(res: Response) => (await res.json()) as T;

type Day = {
  date: string; jurisdiction: { code: string; name: string }; computedAt: string | null;
  grids: { gridCode: string; patrolled: boolean; workers: { userId: number; name: string; role: string; minutes: number }[]; minutesInside: number;
    buildingsPassed: number; buildingsTotal: number; buildingShare: number; streetShare: number; communityCode: string }[];
};
type Gaps = {
  asOf: string; days: number;
  grids: { gridCode: string; lastPatrolledAt: string | null; daysSince: number | null; staffing: string; leaders: { name: string }[] }[];
  buildings: { total: number; items: { id: number; gridCode: string; lastPassedAt: string | null }[] };
  streets: { total: number; items: { gridCode: string; lengthM: number; geometry: { type: string } }[] };
  workers: { name: string; role: string; norm: string; compliant: boolean; lastPatrolAt: string | null }[];
  plan: { gaps: unknown[]; overlaps: unknown[] };
};

describe('GET /api/coverage', () => {
  it('gives a community manager yesterday per grid: the leader\'s grid walked, by whom, and its shares', async () => {
    const day = addDays(dayOf(now()), -1);
    const res = await get('manager.furun', `/api/coverage?jurisdiction=${FURUN}&date=${day}`);
    expect(res.status).toBe(200);
    const body = await json<Day>(res);
    expect(body.date).toBe(day);
    expect(body.jurisdiction.code).toBe(FURUN);
    expect(body.computedAt).not.toBeNull();
    expect(body.grids.map((g) => g.gridCode)).toEqual([...body.grids.map((g) => g.gridCode)].sort());
    expect(body.grids.every((g) => g.gridCode.startsWith(FURUN))).toBe(true);
    const own = body.grids.find((g) => g.gridCode === leaderGrid)!;
    const [walked] = await db.sql`select count(*)::int as n from patrol_grid_day where grid_code = ${leaderGrid} and day = ${day}::date`;
    expect(own.patrolled).toBe(walked!.n > 0);
    for (const g of body.grids) {
      expect(g.buildingShare).toBeCloseTo(g.buildingsTotal ? g.buildingsPassed / g.buildingsTotal : 0, 3);
      expect(g.workers.reduce((s, w) => s + w.minutes, 0)).toBeCloseTo(g.minutesInside, 0);
    }
    for (const w of own.workers) expect(['grid_leader', 'grid_assistant', 'community_manager']).toContain(w.role);
  });

  it('computes today when asked and keeps the figures a minute', async () => {
    const first = await json<Day>(await get('manager.furun', `/api/coverage?jurisdiction=${FURUN}`));
    expect(first.date).toBe(dayOf(now()));
    const again = await json<Day>(await get('manager.furun', `/api/coverage?jurisdiction=${FURUN}`));
    expect(again.computedAt).toBe(first.computedAt);
  });

  it('answers many simultaneous askers for a stale day with one computation', async () => {
    await db.sql`update grid_coverage_day set computed_at = computed_at - interval '1 hour' where day = ${dayOf(now())}::date`;
    const answers = await Promise.all(Array.from({ length: 20 }, () => get('manager.furun', `/api/coverage?jurisdiction=${FURUN}`)));
    expect(answers.map((r) => r.status)).toEqual(Array(20).fill(200));
    const stamps = new Set((await Promise.all(answers.map((r) => json<Day>(r)))).map((b) => b.computedAt));
    expect(stamps.size).toBe(1);
    const [n] = await db.sql`select count(distinct computed_at)::int as n from grid_coverage_day where day = ${dayOf(now())}::date`;
    expect(n!.n).toBe(1);
  });

  it('shows a grid-scoped supervisor only their grids, and refuses a place outside them', async () => {
    const body = await json<Day>(await get('supervisor', '/api/coverage?jurisdiction=110108010019'));
    const [r] = await db.sql`select grid_codes from role_assignment r join app_user u on u.id = r.user_id where u.username = 'supervisor'`;
    expect(body.grids.map((g) => g.gridCode)).toEqual([...(r!.grid_codes as string[])].sort());
    const refused = await get('supervisor', `/api/coverage?jurisdiction=${FURUN}`);
    expect(refused.status).toBe(403);
    expect((await json<{ error: { code: string } }>(refused)).error.code).toBe('coverage_out_of_scope');
  });

  it('refuses a supervisor of another street office, an unknown place, bad dates and those without patrols.view', async () => {
    expect((await get('supervisor.elsewhere', '/api/coverage?jurisdiction=110108010')).status).toBe(403);
    expect((await get('supervisor.elsewhere', '/api/coverage/gaps?jurisdiction=110108010')).status).toBe(403);
    const unknown = await get('admin', '/api/coverage?jurisdiction=110108010999');
    expect(unknown.status).toBe(404);
    expect((await json<{ error: { code: string } }>(unknown)).error.code).toBe('jurisdiction_not_found');
    expect((await get('admin', `/api/coverage?jurisdiction=${FURUN}&date=2026-02-30`)).status).toBe(400);
    const future = await get('admin', `/api/coverage?jurisdiction=${FURUN}&date=${addDays(dayOf(now()), 2)}`);
    expect((await json<{ error: { code: string } }>(future)).error.code).toBe('date_in_future');
    expect((await get('admin', '/api/coverage?jurisdiction=11010')).status).toBe(400);
    expect((await get('leader.furun1', `/api/coverage?jurisdiction=${FURUN}`)).status).toBe(403);
    expect((await get('viewer', `/api/coverage/gaps?jurisdiction=${FURUN}`)).status).toBe(403);
  });
});

describe('GET /api/coverage/gaps on the seeded month', () => {
  it('lists the grids with their last patrol and staffing, the neglected ones first', async () => {
    const body = await json<Gaps>(await get('manager.furun', `/api/coverage/gaps?jurisdiction=${FURUN}&days=7`));
    expect(body.asOf).toBe(dayOf(now()));
    expect(body.days).toBe(7);
    const own = body.grids.find((g) => g.gridCode === leaderGrid)!;
    expect(own.staffing).toBe('ok');
    expect(own.leaders.map((l) => l.name)).toEqual(['王磊（网格长）']);
    expect(own.daysSince).toBeLessThanOrEqual(2);
    const others = body.grids.filter((g) => g.gridCode !== leaderGrid);
    expect(others.length).toBeGreaterThan(0);
    expect(others.every((g) => g.staffing === 'nobody')).toBe(true);
    const since = body.grids.map((g) => g.daysSince ?? Infinity);
    expect(since).toEqual([...since].sort((a, b) => b - a));
  });

  it('lists buildings and streets nobody passed in the window, and holds each worker to their norm', async () => {
    const body = await json<Gaps>(await get('admin', '/api/coverage/gaps?jurisdiction=110108010&days=7'));
    expect(body.buildings.total).toBeGreaterThan(0);
    const cutoff = new Date(`${addDays(body.asOf, -6)}T00:00:00+08:00`).getTime();
    expect(body.buildings.items.every((b) => b.lastPassedAt === null || Date.parse(b.lastPassedAt) < cutoff)).toBe(true);
    expect(body.buildings.items.some((b) => b.lastPassedAt === null)).toBe(true);
    expect(body.streets.total).toBeGreaterThan(0);
    expect(body.streets.items[0]!.geometry.type).toMatch(/LineString/);
    const byName = new Map(body.workers.map((w) => [w.name, w]));
    expect(byName.get('王磊（网格长）')).toMatchObject({ role: 'grid_leader', norm: 'daily' });
    // the demo's assistant has not patrolled for the last few days: flagged
    expect(byName.get('李娜（网格协管员）')).toMatchObject({ role: 'grid_assistant', norm: 'daily', compliant: false });
    expect(ASSISTANT_IDLE_DAYS).toBeGreaterThanOrEqual(2);
    expect(byName.get('郑红梅（富润社区书记）')).toMatchObject({ role: 'community_manager', norm: 'weekly' });
    expect(Array.isArray(body.plan.gaps) && Array.isArray(body.plan.overlaps)).toBe(true);
  });

  it('marks the demo month as synthetic', async () => {
    const [p] = await db.sql`select count(*)::int as n, bool_and(synthetic) as all_synthetic from patrol`;
    expect(p!.n).toBeGreaterThan(30);
    expect(p!.all_synthetic).toBe(true);
  });
});

describe('GET /api/coverage/gaps/export', () => {
  it('is a workbook with a sheet per list and Chinese headers, and the export is audited', async () => {
    const res = await get('manager.furun', `/api/coverage/gaps/export?jurisdiction=${FURUN}&days=7`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(await res.arrayBuffer());
    expect(book.worksheets.map((s) => s.name)).toEqual(['网格', '楼栋（7天未经过）', '街巷（7天未走过）', '人员', '方案缝隙与重叠']);
    const grids = book.getWorksheet('网格')!;
    expect(grids.getRow(1).getCell(1).value).toBe('网格编码');
    expect(grids.rowCount).toBeGreaterThan(1);
    const [a] = await db.sql`select count(*)::int as n from audit_log where action = 'patrol.coverage_export'`;
    expect(a!.n).toBe(1);
  });
});
