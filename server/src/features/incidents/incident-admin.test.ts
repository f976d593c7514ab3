import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';

// Categories and the working-day calendar edited by an admin over HTTP on the Haidian demo: each write,
// its refusals (nothing written), its audit record, simultaneous edits, and deadlines of cases reported
// afterwards through POST /api/incidents, computed by the same app (its 60 s calendar cache included).
let db: TestDatabase;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
let point: { lon: number; lat: number };
let now = new Date('2026-12-07T02:00:00Z'); // Monday 10:00 in Beijing
// one app for the whole file: what an edit does to the next deadline is seen through the same caches
let app: ReturnType<typeof createApp>;

async function setNow(t: string) {
  now = new Date(t);
  await db.sql`update user_session set created_at = ${now}, last_seen_at = ${now}, expires_at = ${new Date(now.getTime() + 86_400_000)}`;
}

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  app = createApp({ sql: db.sql, clock: () => now });
  for (const u of await db.sql`select id, username from app_user where username in ('admin', 'leader.furun1', 'manager.furun')`) {
    as[u.username] = await createSession(db.sql, Number(u.id), now);
  }
  const [p] = await db.sql`select ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
    from role_assignment r join app_user u on u.id = r.user_id join grid g on g.code = r.grid_codes[1]
    join grid_plan gp on gp.id = g.plan_id and gp.status = 'published' where u.username = 'leader.furun1'`;
  point = { lon: Number(p!.lon), lat: Number(p!.lat) };
});
afterAll(() => db.drop());

const call = async (who: string, method: string, path: string, body?: unknown) => {
  const res = await app.request(path, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken, 'Content-Type': 'application/json' },
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
};
const report = (categoryCode = '0102') => call('leader.furun1', 'POST', '/api/incidents', { categoryCode, ...point, description: '路边堆放垃圾' });
const category = async (code: string) => (await call('admin', 'GET', '/api/admin/incident-categories')).body.items.find((c: { code: string }) => c.code === code);
/** Every row an admin edit could touch, to prove a refused one wrote nothing. */
const snapshot = async () => JSON.stringify([
  await db.sql`select code, version from incident_category order by code`,
  await db.sql`select day, kind, source from work_calendar_day order by day`,
  await db.sql`select year, source from work_calendar_year order by year`,
  await db.sql`select count(*)::int from audit_log`,
]);
const minor = (code: string, extra: Record<string, unknown> = {}) => ({
  code, nameZh: '共享单车乱停放', nameEn: 'Shared bikes parked badly', filing: { zh: '人行道上堆放共享单车超过 5 辆', en: 'More than 5 bikes on a pavement' },
  closing: { zh: '车辆已清理', en: 'Bikes cleared' }, limit: { value: 2, unit: 'working_days' }, responsible: 'urban_management', ...extra,
});

describe('categories', () => {
  it('adds a minor class under an existing class and a local class with its minor classes, audited, listed for reporting', async () => {
    const added = await call('admin', 'POST', '/api/admin/incident-categories', minor('0110'));
    expect(added.status).toBe(201);
    expect(added.body.items).toEqual([expect.objectContaining({ code: '0110', parentCode: '01', kind: 'event', limit: { value: 2, unit: 'working_days' }, version: 1, active: true })]);
    const local = await call('admin', 'POST', '/api/admin/incident-categories', {
      code: '20', nameZh: '防汛', nameEn: 'Flood watch', minors: [minor('2001', { nameZh: '积水点', limit: { value: 4, unit: 'working_hours' }, responsible: 'water' }), minor('2002', { limit: null })],
    });
    expect(local.status).toBe(201);
    expect(local.body.items.map((c: { code: string; kind: string }) => `${c.code}:${c.kind}`)).toEqual(['20:local', '2001:local', '2002:local']);
    const open = await call('leader.furun1', 'GET', '/api/incident-categories?active=true');
    expect(open.body.items.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['0110', '20', '2001']));
    expect((await report('2001')).status).toBe(201);
    const log = await db.sql`select action, entity, details from audit_log where action = 'incident.category.create' order by id`;
    expect(log.map((l) => [l.entity, l.details])).toEqual([['incident_category', { code: '0110', count: 1 }], ['incident_category', { code: '20', count: 3 }]]);
  });

  it('refuses bad codes, a minor class under a missing class, bad limits, unknown units and taken codes, writing nothing', async () => {
    const before = await snapshot();
    const cases: [unknown, number, string][] = [
      [minor('011'), 400, 'invalid_request'],
      [minor('01a0'), 400, 'invalid_request'],
      [minor('0100'), 400, 'invalid_request'],
      [minor('1901'), 400, 'category_parent_not_found'],
      [minor('0111', { limit: { value: 0, unit: 'working_days' } }), 400, 'invalid_request'],
      [minor('0111', { limit: { value: 1.5, unit: 'working_days' } }), 400, 'invalid_request'],
      [minor('0111', { limit: { value: 3651, unit: 'hours' } }), 400, 'invalid_request'],
      [minor('0111', { limit: { value: 2, unit: 'fortnights' } }), 400, 'invalid_request'],
      [minor('0111', { responsible: 'wizards' }), 400, 'invalid_request'],
      [minor('0111', { filing: { zh: '' } }), 400, 'invalid_request'],
      [minor('0111', { surprise: 1 }), 400, 'invalid_request'],
      [{ code: '07', nameZh: '国家类', minors: [minor('0701')] }, 400, 'invalid_request'],
      [{ code: '21', nameZh: '本地', minors: [] }, 400, 'invalid_request'],
      [{ code: '21', nameZh: '本地', minors: [minor('2201')] }, 400, 'invalid_request'],
      [{ code: '21', nameZh: '本地', minors: [minor('2101'), minor('2101')] }, 400, 'invalid_request'],
      [minor('0102'), 409, 'category_exists'],
      [{ code: '20', nameZh: '重复', minors: [minor('2003')] }, 409, 'category_exists'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call('admin', 'POST', '/api/admin/incident-categories', body);
      expect([res.status, res.body.error?.code], JSON.stringify(body)).toEqual([status, code]);
    }
    // a limit of 1.5 working days is refused by naming the field
    const half = await call('admin', 'POST', '/api/admin/incident-categories', minor('0111', { limit: { value: 1.5, unit: 'working_days' } }));
    expect(half.body.error.details).toEqual([expect.objectContaining({ field: 'limit.value' })]);
    expect((await call('manager.furun', 'POST', '/api/admin/incident-categories', minor('0111'))).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('edits a minor class under its version: the next case gets the new limit, a stale version is a 409', async () => {
    const c = await category('0102');
    const res = await call('admin', 'PATCH', '/api/admin/incident-categories/0102', { version: c.version, limit: { value: 2, unit: 'working_hours' }, nameZh: '暴露垃圾（街面）' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ code: '0102', name: '暴露垃圾（街面）', limit: { value: 2, unit: 'working_hours' }, version: c.version + 1 });
    // reported Monday 10:00 with 2 working hours: due at noon
    expect((await report()).body.deadline.dueAt).toBe('2026-12-07T04:00:00.000Z');
    const stale = await call('admin', 'PATCH', '/api/admin/incident-categories/0102', { version: c.version, nameZh: '旧' });
    expect([stale.status, stale.body.error.code, stale.body.error.details]).toEqual([409, 'version_conflict', { version: c.version + 1 }]);
    const [log] = await db.sql`select fields, details from audit_log where action = 'incident.category.update' order by id desc limit 1`;
    expect(log).toEqual({ fields: ['nameZh', 'limit'], details: { code: '0102', before: { nameZh: '暴露垃圾', limit: { value: 4, unit: 'working_hours' } }, after: { nameZh: '暴露垃圾（街面）', limit: { value: 2, unit: 'working_hours' } } } });
    await call('admin', 'PATCH', '/api/admin/incident-categories/0102', { version: c.version + 1, limit: { value: 4, unit: 'working_hours' }, nameZh: '暴露垃圾' });
  });

  it('refuses bad patches and writes nothing', async () => {
    const before = await snapshot();
    const { version } = await category('0102');
    const cases: [string, unknown, number, string][] = [
      ['0102', { version, limit: { value: 0, unit: 'working_days' } }, 400, 'invalid_request'],
      ['0102', { version, limit: { value: 1.5, unit: 'working_days' } }, 400, 'invalid_request'],
      ['0102', { version, responsible: 'wizards' }, 400, 'invalid_request'],
      ['0102', { version }, 400, 'invalid_request'],
      ['0102', { nameZh: '无版本' }, 400, 'invalid_request'],
      ['0102', { version, nameZh: '' }, 400, 'invalid_request'],
      ['01', { version: (await category('01')).version, limit: { value: 1, unit: 'working_days' } }, 400, 'invalid_request'],
      ['01', { version: (await category('01')).version, responsible: 'sanitation' }, 400, 'invalid_request'],
      ['0199', { version: 1, nameZh: '无' }, 404, 'category_not_found'],
      ['1', { version: 1, nameZh: '无' }, 400, 'invalid_request'],
    ];
    for (const [code, body, status, errorCode] of cases) {
      const res = await call('admin', 'PATCH', `/api/admin/incident-categories/${code}`, body);
      expect([res.status, res.body.error?.code], `${code} ${JSON.stringify(body)}`).toEqual([status, errorCode]);
    }
    expect(await snapshot()).toBe(before);
  });

  it('lets one of 20 identical simultaneous edits through and answers the rest 409', async () => {
    const { version } = await category('0103');
    const results = await Promise.all(Array.from({ length: 20 }, () =>
      call('admin', 'PATCH', '/api/admin/incident-categories/0103', { version, limit: { value: 3, unit: 'working_days' } })));
    expect(results.map((r) => r.status).sort()).toEqual([200, ...Array(19).fill(409)]);
    expect((await category('0103')).version).toBe(version + 1);
    const [n] = await db.sql`select count(*)::int from audit_log where action = 'incident.category.update' and details->>'code' = '0103'`;
    expect(n!.count).toBe(1);
  });

  it('switching a class off closes its minor classes to new reports; cases already filed keep their category', async () => {
    const filed = await report('0501');
    expect(filed.status).toBe(201);
    const cls = await category('05');
    expect((await call('admin', 'PATCH', '/api/admin/incident-categories/05', { version: cls.version, active: false })).status).toBe(200);
    const refused = await report('0501');
    expect([refused.status, refused.body.error.code]).toEqual([400, 'category_not_found']);
    const open = (await call('leader.furun1', 'GET', '/api/incident-categories?active=true')).body.items.map((c: { code: string }) => c.code);
    expect(open.filter((c: string) => c.startsWith('05'))).toEqual([]);
    const kept = await call('leader.furun1', 'GET', `/api/incidents/${filed.body.id}`);
    expect([kept.status, kept.body.category.code]).toEqual([200, '0501']);
    expect((await call('admin', 'PATCH', '/api/admin/incident-categories/05', { version: cls.version + 1, active: true })).status).toBe(200);
    expect((await report('0501')).status).toBe(201);
  });
});

describe('the working-day calendar', () => {
  it('lists a year with its sources and coverage', async () => {
    const res = await call('admin', 'GET', '/api/admin/work-calendar?year=2026');
    expect(res.status).toBe(200);
    expect(res.body.covered).toEqual({ source: 'chinese-days', version: expect.stringMatching(/^chinese-days@/) });
    expect(res.body.days).toContainEqual({ date: '2026-10-01', kind: 'holiday', nameZh: '国庆节', nameEn: expect.any(String), source: 'chinese-days', file: null });
    expect((await call('admin', 'GET', '/api/admin/work-calendar?year=2031')).body).toEqual({ year: 2031, covered: null, days: [] });
    expect((await call('manager.furun', 'GET', '/api/admin/work-calendar?year=2026')).status).toBe(403);
  });

  it('moves the deadline of the next case at once when a day becomes a local holiday, and back when it is removed', async () => {
    await setNow('2026-12-07T02:00:00Z');
    // 0102 is 4 working hours: Monday 10:00 → 15:30 (lunch does not count)
    expect((await report()).body.deadline.dueAt).toBe('2026-12-07T07:30:00.000Z');
    const put = await call('admin', 'PUT', '/api/admin/work-calendar/days/2026-12-07', { kind: 'holiday', nameZh: '区庆', nameEn: 'District day' });
    expect(put.status).toBe(200);
    expect(put.body).toEqual({ date: '2026-12-07', kind: 'holiday', nameZh: '区庆', nameEn: 'District day', source: 'admin', file: null });
    // the same app, inside its 60 s cache: Tuesday 08:30 + 4 h → 14:00
    const after = (await report()).body.deadline;
    expect(after.dueAt).toBe('2026-12-08T06:00:00.000Z');
    expect(after.calendarVersion).toMatch(/\+local\.[0-9a-f]{8}$/);
    expect((await call('admin', 'DELETE', '/api/admin/work-calendar/days/2026-12-07')).status).toBe(204);
    expect((await report()).body.deadline.dueAt).toBe('2026-12-07T07:30:00.000Z');
    const log = await db.sql`select action, details from audit_log where entity = 'work_calendar' order by id`;
    expect(log.map((l) => l.action)).toEqual(['incident.calendar.day', 'incident.calendar.day_delete']);
    expect(log[0]!.details).toEqual({ date: '2026-12-07', dayKind: 'holiday', name: '区庆' });
  });

  it('overrides a day of the data file and gives it back when the local day is removed', async () => {
    const put = await call('admin', 'PUT', '/api/admin/work-calendar/days/2026-10-01', { kind: 'workday', nameZh: '值守' });
    expect(put.body).toMatchObject({ source: 'admin', kind: 'workday', file: { kind: 'holiday', nameZh: '国庆节' } });
    expect((await call('admin', 'GET', '/api/admin/work-calendar?year=2026')).body.days).toContainEqual(expect.objectContaining({ date: '2026-10-01', source: 'admin', kind: 'workday' }));
    expect((await call('admin', 'DELETE', '/api/admin/work-calendar/days/2026-10-01')).status).toBe(204);
    const [row] = await db.sql`select kind, name_zh, source from work_calendar_day where day = '2026-10-01'`;
    expect(row).toEqual({ kind: 'holiday', name_zh: '国庆节', source: 'chinese-days' });
    const again = await call('admin', 'DELETE', '/api/admin/work-calendar/days/2026-10-01');
    expect([again.status, again.body.error.code]).toEqual([404, 'calendar_day_not_found']);
  });

  it('a year declared by the admin makes deadlines into it final, and counts its local holidays', async () => {
    await setNow('2026-12-31T08:00:00Z'); // Thursday 16:00: 1.5 working hours left today, 2.5 h in 2027
    const uncovered = (await report()).body.deadline;
    expect([uncovered.dueAt, uncovered.provisional]).toEqual(['2027-01-01T03:00:00.000Z', true]);
    const put = await call('admin', 'PUT', '/api/admin/work-calendar/years/2027');
    expect([put.status, put.body]).toEqual([200, { year: 2027, source: 'admin', version: 'admin-2026-12-31' }]);
    expect((await call('admin', 'PUT', '/api/admin/work-calendar/days/2027-01-01', { kind: 'holiday', nameZh: '元旦' })).status).toBe(200);
    const covered = (await report()).body.deadline;
    // 2027-01-01 off, then the weekend: Monday 08:30 + 2.5 h
    expect([covered.dueAt, covered.provisional]).toEqual(['2027-01-04T03:00:00.000Z', false]);
    expect((await call('admin', 'GET', '/api/admin/work-calendar?year=2027')).body.covered).toEqual({ source: 'admin', version: 'admin-2026-12-31' });
    const fileYear = await call('admin', 'PUT', '/api/admin/work-calendar/years/2026');
    expect([fileYear.status, fileYear.body.error.code]).toEqual([409, 'calendar_year_in_file']);
    expect((await call('admin', 'DELETE', '/api/admin/work-calendar/years/2027')).status).toBe(204);
    expect((await report()).body.deadline.provisional).toBe(true);
    expect((await call('admin', 'DELETE', '/api/admin/work-calendar/years/2027')).body.error.code).toBe('calendar_year_not_found');
    await call('admin', 'DELETE', '/api/admin/work-calendar/days/2027-01-01');
  });

  it('refuses bad dates, kinds, names and years, writing nothing', async () => {
    const before = await snapshot();
    const cases: [string, string, unknown, number, string][] = [
      ['PUT', 'days/2026-02-30', { kind: 'holiday', nameZh: '无' }, 400, 'invalid_request'],
      ['PUT', 'days/26-02-03', { kind: 'holiday', nameZh: '无' }, 400, 'invalid_request'],
      ['PUT', 'days/1800-01-02', { kind: 'holiday', nameZh: '无' }, 400, 'invalid_request'],
      ['PUT', 'days/2026-03-02', { kind: 'festival', nameZh: '无' }, 400, 'invalid_request'],
      ['PUT', 'days/2026-03-02', { kind: 'holiday', nameZh: '' }, 400, 'invalid_request'],
      ['PUT', 'days/2026-03-02', { kind: 'holiday', nameZh: '无', extra: 1 }, 400, 'invalid_request'],
      ['DELETE', 'days/2026-03-02', undefined, 404, 'calendar_day_not_found'],
      ['PUT', 'years/1800', undefined, 400, 'invalid_request'],
      ['PUT', 'years/20x7', undefined, 400, 'invalid_request'],
      ['DELETE', 'years/2026', undefined, 404, 'calendar_year_not_found'],
    ];
    for (const [method, path, body, status, code] of cases) {
      const res = await call('admin', method, `/api/admin/work-calendar/${path}`, body);
      expect([res.status, res.body?.error?.code], `${method} ${path}`).toEqual([status, code]);
    }
    expect((await call('admin', 'GET', '/api/admin/work-calendar?year=99')).status).toBe(400);
    expect((await call('manager.furun', 'PUT', '/api/admin/work-calendar/days/2026-03-02', { kind: 'holiday', nameZh: '无' })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });
});
