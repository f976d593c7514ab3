import gcoord from 'gcoord';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';

// The web app's patrols over HTTP on the Haidian demo: start, buffered fixes, stop, replay, positions, scope,
// GPX imports and bursts. One app (one fix writer) as in a server process.
let db: TestDatabase;
let app: ReturnType<typeof createApp>;
const as: Record<string, { cookie: string; csrfToken: string }> = {};
const ids: Record<string, number> = {};
let centre: { lon: number; lat: number };
let now = new Date('2026-12-07T02:00:00Z');

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  for (const u of await db.sql`select id, username from app_user`) {
    as[u.username] = await createSession(db.sql, Number(u.id), now);
    ids[u.username] = Number(u.id);
  }
  const [p] = await db.sql`select ST_X(ST_PointOnSurface(g.geom)) as lon, ST_Y(ST_PointOnSurface(g.geom)) as lat
    from grid g join grid_plan gp on gp.id = g.plan_id join role_assignment r on g.code = r.grid_codes[1]
    join app_user u on u.id = r.user_id where u.username = 'leader.furun1' and gp.status = 'published'`;
  centre = { lon: Number(p!.lon), lat: Number(p!.lat) };
  app = createApp({ sql: db.sql, clock: () => now });
});
afterAll(() => db.drop());

const get = (who: string, path: string) => app.request(path, { headers: { Cookie: as[who]!.cookie } });
const send = (who: string, path: string, body: unknown, method = 'POST') =>
  app.request(path, { method, body: JSON.stringify(body), headers: { Cookie: as[who]!.cookie, 'Content-Type': 'application/json', 'X-CSRF-Token': as[who]!.csrfToken } });
/** A walk east from the grid's centre: one fix every 10 s, about 12 m apart. */
const walk = (n: number, startMs: number, from = 0) => Array.from({ length: n }, (_, i) => ({
  at: new Date(startMs + (from + i) * 10_000).toISOString(), lon: centre.lon + (from + i) * 0.00014, lat: centre.lat, accuracy: 5,
}));
const fixCount = async (patrolId: number) => Number((await db.sql`select count(*) from gps_fix where patrol_id = ${patrolId}`)[0]!.count);

describe('the web app patrol', () => {
  let patrolId: number;

  it('starts once whatever the burst: 30 starts at once answer one open patrol', async () => {
    const all = await Promise.all(Array.from({ length: 30 }, () => send('leader.furun1', '/api/patrols', {})));
    const statuses = all.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(29);
    const bodies = await Promise.all(all.map((r) => r.json() as Promise<{ patrol: { id: number; source: string; endedAt: null } }>));
    expect(new Set(bodies.map((b) => b.patrol.id)).size).toBe(1);
    patrolId = bodies[0]!.patrol.id;
    expect(bodies[0]!.patrol.source).toBe('web');
    const open = await db.sql`select count(*) from patrol where user_id = ${ids['leader.furun1']!} and ended_at is null`;
    expect(Number(open[0]!.count)).toBe(1);
    const cur = (await (await get('leader.furun1', '/api/patrols/current')).json()) as { patrol: { id: number } };
    expect(cur.patrol.id).toBe(patrolId);
  });

  it('stores buffered fixes once: a second upload of the same fixes stores nothing', async () => {
    const fixes = walk(10, +now - 120_000);
    const first = (await (await send('leader.furun1', `/api/patrols/${patrolId}/fixes`, { fixes })).json()) as Record<string, unknown>;
    expect(first).toEqual({ stored: 10, duplicates: 0, setAside: 0, refused: [] });
    const again = (await (await send('leader.furun1', `/api/patrols/${patrolId}/fixes`, { fixes })).json()) as Record<string, unknown>;
    expect(again).toEqual({ stored: 0, duplicates: 10, setAside: 0, refused: [] });
    expect(await fixCount(patrolId)).toBe(10);
    const [p] = await db.sql`select fixes, kept_fixes, distance_m from patrol where id = ${patrolId}`;
    expect(p!.fixes).toBe(10);
    // nine steps of 0.00014° of longitude at 40° N: about 12 m each
    expect(Number(p!.distance_m)).toBeGreaterThan(95);
    expect(Number(p!.distance_m)).toBeLessThan(115);
  });

  it('a burst of 30 identical uploads stores each fix once and counts it once', async () => {
    const fixes = walk(5, +now - 120_000, 10);
    const all = await Promise.all(Array.from({ length: 30 }, () => send('leader.furun1', `/api/patrols/${patrolId}/fixes`, { fixes })));
    expect(all.every((r) => r.status === 200)).toBe(true);
    const bodies = (await Promise.all(all.map((r) => r.json()))) as { stored: number; duplicates: number }[];
    expect(bodies.reduce((s, b) => s + b.stored, 0)).toBe(5);
    expect(bodies.reduce((s, b) => s + b.duplicates, 0)).toBe(145);
    expect(await fixCount(patrolId)).toBe(15);
    const [p] = await db.sql`select fixes from patrol where id = ${patrolId}`;
    expect(p!.fixes).toBe(15);
  });

  it('refuses bad fixes one by one and stores the others; a malformed request stores nothing', async () => {
    const good = walk(1, +now - 400_000, 20)[0]!;
    const res = await send('leader.furun1', `/api/patrols/${patrolId}/fixes`, { fixes: [
      good,
      { at: new Date(+now + 3_600_000).toISOString(), lon: centre.lon, lat: centre.lat },
      { at: new Date(+now - 50_000).toISOString(), lon: 0, lat: 0 },
      { at: new Date(+now - 3_600_000).toISOString(), lon: centre.lon, lat: centre.lat },
    ] });
    expect(await res.json()).toEqual({ stored: 1, duplicates: 0, setAside: 0, refused: [{ index: 1, reason: 'future' }, { index: 2, reason: 'zero' }, { index: 3, reason: 'outside_patrol' }] });
    const before = await fixCount(patrolId);
    for (const bad of [
      { fixes: [{ ...good, lat: 91 }] }, { fixes: [{ ...good, at: 'yesterday' }] }, { fixes: [] }, { fixes: [{ ...good, lon: '116' }] },
      { fixes: [{ ...good, at: '2026-12-07T01:00:00\u0000Z' }] }, { fixes: Array.from({ length: 1001 }, () => good) }, { fixes: [good], extra: 1 },
    ]) {
      const r = await send('leader.furun1', `/api/patrols/${patrolId}/fixes`, bad);
      expect(r.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
    }
    expect(await fixCount(patrolId)).toBe(before);
  });

  it('converts GCJ-02 positions from Chinese map apps to WGS-84 at the edge', async () => {
    const at = new Date(+now - 33_000);
    const [gx, gy] = gcoord.transform([centre.lon + 0.004, centre.lat], gcoord.WGS84, gcoord.GCJ02) as [number, number];
    await send('leader.furun1', `/api/patrols/${patrolId}/fixes`, { fixes: [{ at: at.toISOString(), lon: gx, lat: gy }], crs: 'gcj02' });
    const [f] = await db.sql`select ST_X(geom) as lon, ST_Y(geom) as lat from gps_fix where patrol_id = ${patrolId} and fixed_at = ${at}`;
    expect(Math.abs(Number(f!.lon) - (centre.lon + 0.004))).toBeLessThan(0.00001);
    expect(Math.abs(Number(f!.lat) - centre.lat)).toBeLessThan(0.00001);
  });

  it('another worker cannot write into or stop the patrol (404), and a viewer cannot patrol (403)', async () => {
    expect((await send('assistant.furun1', `/api/patrols/${patrolId}/fixes`, { fixes: walk(1, +now - 5_000) })).status).toBe(404);
    expect((await send('assistant.furun1', `/api/patrols/${patrolId}/stop`, {})).status).toBe(404);
    expect((await send('viewer', '/api/patrols', {})).status).toBe(403);
    expect((await send('leader.furun1', '/api/patrols/999999999/fixes', { fixes: walk(1, +now - 5_000) })).status).toBe(404);
  });

  it('shows the worker where they are to the community manager, not to a supervisor elsewhere', async () => {
    const mine = (await (await get('manager.furun', '/api/patrols/positions')).json()) as { positions: { userId: number; stale: boolean }[] };
    expect(mine.positions.map((p) => p.userId)).toContain(ids['leader.furun1']);
    const other = (await (await get('supervisor', '/api/patrols/positions')).json()) as { positions: { userId: number }[] };
    expect(other.positions.map((p) => p.userId)).not.toContain(ids['leader.furun1']);
    expect((await get('leader.furun1', '/api/patrols/positions')).status).toBe(403);
  });

  it('stops, then still takes what the phone buffered before the stop, but nothing from after', async () => {
    const res = await send('leader.furun1', `/api/patrols/${patrolId}/stop`, {});
    const body = (await res.json()) as { patrol: { endedAt: string } };
    expect(res.status).toBe(200);
    expect(body.patrol.endedAt).not.toBeNull();
    const late = await send('leader.furun1', `/api/patrols/${patrolId}/fixes`, { fixes: [
      { at: new Date(+now - 25_000).toISOString(), lon: centre.lon + 0.0035, lat: centre.lat },
      { at: new Date(+now + 6 * 60_000).toISOString(), lon: centre.lon, lat: centre.lat },
    ] });
    const out = (await late.json()) as { stored: number; refused: unknown[] };
    expect(out.stored).toBe(1);
    expect(out.refused).toEqual([{ index: 1, reason: 'outside_patrol' }]);
    now = new Date(+now + 20 * 60_000);
    const after = (await (await send('leader.furun1', `/api/patrols/${patrolId}/fixes`, { fixes: walk(1, +now - 1000) })).json()) as { refused: { reason: string }[] };
    expect(after.refused).toEqual([{ index: 0, reason: 'outside_patrol' }]);
    // stopping twice changes nothing; the next start opens a new patrol
    expect((await send('leader.furun1', `/api/patrols/${patrolId}/stop`, {})).status).toBe(200);
    const next = (await (await send('leader.furun1', '/api/patrols', {})).json()) as { patrol: { id: number } };
    expect(next.patrol.id).not.toBe(patrolId);
    await send('leader.furun1', `/api/patrols/${next.patrol.id}/stop`, {});
  });

  it('replays the track to those who may see it and audits each replay by someone else', async () => {
    const own = await get('leader.furun1', `/api/patrols/${patrolId}/track`);
    expect(own.status).toBe(200);
    const t = (await own.json()) as { fixes: { t: string; kept: boolean }[]; line: { coordinates: number[][] } | null; patrol: { id: number } };
    expect(t.fixes.length).toBe(await fixCount(patrolId));
    expect(t.fixes.map((f) => f.t)).toEqual([...t.fixes.map((f) => f.t)].sort());
    expect(t.line!.coordinates.length).toBeGreaterThanOrEqual(2);
    expect((await get('supervisor', `/api/patrols/${patrolId}/track`)).status).toBe(404);
    expect((await get('manager.furun', `/api/patrols/${patrolId}/track`)).status).toBe(200);
    const audit = await db.sql`select count(*) from audit_log where action = 'patrol.track' and entity_id = ${patrolId} and user_id = ${ids['manager.furun']!}`;
    expect(Number(audit[0]!.count)).toBe(1);
    const list = (await (await get('manager.furun', `/api/patrols?user=${ids['leader.furun1']}`)).json()) as { patrols: { id: number }[] };
    expect(list.patrols.map((p) => p.id)).toContain(patrolId);
    const none = (await (await get('supervisor', `/api/patrols?user=${ids['leader.furun1']}`)).json()) as { patrols: unknown[] };
    expect(none.patrols).toEqual([]);
  });
});

describe('GPX imports', () => {
  const gpx = (startMs: number, n = 20) => `<?xml version="1.0" encoding="UTF-8"?>
<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1"><trk><name>早巡</name><trkseg>
${Array.from({ length: n }, (_, i) => `<trkpt lat="${centre.lat + i * 0.0001}" lon="${centre.lon}"><ele>50</ele><time>${new Date(startMs + i * 15_000).toISOString()}</time></trkpt>`).join('\n')}
</trkseg></trk></gpx>`;
  const upload = (who: string, userId: number, body: string) =>
    app.request(`/api/patrols/import?userId=${userId}`, { method: 'POST', body, headers: { Cookie: as[who]!.cookie, 'X-CSRF-Token': as[who]!.csrfToken, 'Content-Type': 'application/gpx+xml' } });

  it('imports a past track as one patrol, and the same file again adds nothing', async () => {
    const file = gpx(+now - 3 * 86_400_000);
    const first = await upload('leader.furun1', ids['leader.furun1']!, file);
    expect(first.status).toBe(201);
    const a = (await first.json()) as { patrol: { id: number; source: string; fixes: number }; stored: number };
    expect(a.stored).toBe(20);
    expect(a.patrol.source).toBe('gpx');
    const again = (await (await upload('leader.furun1', ids['leader.furun1']!, file)).json()) as { patrol: { id: number }; stored: number };
    expect(again.patrol.id).toBe(a.patrol.id);
    expect(again.stored).toBe(0);
    expect(await fixCount(a.patrol.id)).toBe(20);
    // the demo's coverage of that (Beijing) day was settled; the imported walk reopens it
    const day = new Date(+now - 3 * 86_400_000 + 8 * 3_600_000).toISOString().slice(0, 10);
    const [c] = await db.sql`select count(*)::int as n, count(*) filter (where computed_at > ${day}::timestamp at time zone 'Asia/Shanghai')::int as fresh
      from grid_coverage_day where day = ${day}`;
    expect(c!.n).toBeGreaterThan(0);
    expect(c!.fresh).toBe(0);
  });

  it('lets a community manager import for a worker of the community, not a supervisor elsewhere; refuses what is not GPX', async () => {
    expect((await upload('manager.furun', ids['leader.furun1']!, gpx(+now - 4 * 86_400_000, 5))).status).toBe(201);
    expect((await upload('supervisor', ids['leader.furun1']!, gpx(+now - 5 * 86_400_000, 5))).status).toBe(404);
    const bad = await upload('leader.furun1', ids['leader.furun1']!, '<html>not a track</html>');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid_gpx');
    const old = await upload('leader.furun1', ids['leader.furun1']!, gpx(+now - 400 * 86_400_000, 3));
    expect(old.status).toBe(400);
  });
});

describe('devices', () => {
  it('binds a phone once: of 20 identical requests one gets the secret, the others 409', async () => {
    const all = await Promise.all(Array.from({ length: 20 }, () => send('admin', '/api/devices', { userId: ids['leader.furun1'], protocol: 'owntracks', identifier: 'furun-phone-1' })));
    expect(all.filter((r) => r.status === 201)).toHaveLength(1);
    expect(all.filter((r) => r.status === 409)).toHaveLength(19);
    const made = (await all.find((r) => r.status === 201)!.json()) as { id: number; secret: string };
    expect(made.secret.length).toBeGreaterThanOrEqual(20);
    const list = (await (await get('admin', '/api/devices')).json()) as { devices: { id: number; identifier: string }[] };
    expect(list.devices.find((d) => d.id === made.id)).toMatchObject({ identifier: 'furun-phone-1' });
    expect(JSON.stringify(list)).not.toContain(made.secret);
    expect((await send('manager.furun', '/api/devices', { userId: ids['leader.furun1'], protocol: 'osmand', identifier: 'x1' })).status).toBe(403);
    for (const bad of [{ userId: ids['leader.furun1'], protocol: 'gpx', identifier: 'a' }, { userId: ids['leader.furun1'], protocol: 'osmand', identifier: 'has space' },
      { userId: 999999999, protocol: 'osmand', identifier: 'ok1' }, { userId: '1', protocol: 'osmand', identifier: 'ok2' }]) {
      const r = await send('admin', '/api/devices', bad);
      expect([400, 404]).toContain(r.status);
    }
    const revoked = await send('admin', `/api/devices/${made.id}/revoke`, {});
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    // the identifier is free again once revoked
    expect((await send('admin', '/api/devices', { userId: ids['assistant.furun1'], protocol: 'owntracks', identifier: 'furun-phone-1' })).status).toBe(201);
    const audit = await db.sql`select action from audit_log where action like 'device.%' order by id`;
    expect(audit.map((a) => a.action)).toEqual(['device.create', 'device.revoke', 'device.create']);
  });
});
