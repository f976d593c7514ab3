import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createSession } from '../../../test/factories.ts';

// The phone apps' endpoints over HTTP, with payloads exactly as Traccar Client (OsmAnd protocol, query
// string, form body, JSON) and OwnTracks (HTTP mode) send them: stored once, refused in each protocol's
// own way, nothing stored for a device nobody bound or revoked.
let db: TestDatabase;
let app: ReturnType<typeof createApp>;
let admin: { cookie: string; csrfToken: string };
let leaderId: number;
let owntracks: { id: number; secret: string };
let osmandId: number;
let now = new Date();

beforeAll(async () => {
  db = await createTestDatabase({ demo: true });
  const [a] = await db.sql`select id from app_user where username = 'admin'`;
  const [l] = await db.sql`select id from app_user where username = 'leader.furun1'`;
  leaderId = Number(l!.id);
  admin = await createSession(db.sql, Number(a!.id));
  app = createApp({ sql: db.sql, clock: () => now });
  const bind = async (body: unknown) => (await app.request('/api/devices', {
    method: 'POST', body: JSON.stringify(body), headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrfToken, 'Content-Type': 'application/json' },
  })).json() as Promise<{ id: number; secret: string }>;
  osmandId = (await bind({ userId: leaderId, protocol: 'osmand', identifier: '123456' })).id;
  owntracks = await bind({ userId: leaderId, protocol: 'owntracks', identifier: 'furun-ot' });
});
afterAll(() => db.drop());

const sec = () => Math.floor(+now / 1000);
const fixesOf = async (deviceId: number) => db.sql`select fixed_at, ST_X(geom) as lon, ST_Y(geom) as lat, speed, accuracy, battery, attributes from gps_fix where device_id = ${deviceId} order by fixed_at`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('Traccar Client (OsmAnd protocol) at /gps/osmand', () => {
  it('takes a GET query string as the app sends it: 200, empty body, stored once, speed from knots', async () => {
    const q = `id=123456&timestamp=${sec() - 60}&lat=39.98741&lon=116.35129&speed=1.9&bearing=87.4&altitude=52.0&accuracy=6.0&batt=87.0`;
    const res = await app.request(`/gps/osmand?${q}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await app.request(`/gps/osmand?${q}`)).status).toBe(200);
    const rows = await fixesOf(osmandId);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.speed)).toBeCloseTo(1.9 * 0.514444, 3);
    expect(Number(rows[0]!.battery)).toBe(87);
  });

  it('takes a POST form body and location=lat,lon, keeping unknown keys as attributes', async () => {
    const body = new URLSearchParams({ deviceid: '123456', timestamp: new Date(+now - 50_000).toISOString(), location: '39.98751,116.35139', hdop: '0.9', custom_key: '值' });
    const res = await app.request('/gps/osmand', { method: 'POST', body: body.toString(), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(200);
    const rows = await fixesOf(osmandId);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.attributes).toMatchObject({ custom_key: '值' });
    expect(Number(rows[1]!.lat)).toBeCloseTo(39.98751, 6);
  });

  it('takes the JSON of Traccar Client 9, negative values meaning unknown', async () => {
    const json = { device_id: '123456', location: { timestamp: new Date(+now - 40_000).toISOString(), coords: { latitude: 39.98761, longitude: 116.35149, accuracy: 5, speed: -1, heading: -1, altitude: 50 },
      is_moving: true, odometer: 120, event: 'motionchange', battery: { level: 0.42, is_charging: false }, activity: { type: 'walking' }, extras: {} } };
    const res = await app.request('/gps/osmand', { method: 'POST', body: JSON.stringify(json), headers: { 'Content-Type': 'application/json' } });
    expect(res.status).toBe(200);
    const rows = await fixesOf(osmandId);
    expect(rows).toHaveLength(3);
    expect(rows[2]!.speed).toBeNull();
    expect(Number(rows[2]!.battery)).toBeCloseTo(42, 3);
  });

  it('refuses what it cannot store and stores nothing: unknown device 400 (404 as JSON), bad values 400', async () => {
    const before = (await fixesOf(osmandId)).length;
    const t = sec() - 30;
    for (const [q, status] of [
      [`id=nobody&timestamp=${t}&lat=39.98&lon=116.35`, 400], [`timestamp=${t}&lat=39.98&lon=116.35`, 400], [`id=123456&timestamp=${t}&lat=91&lon=116.35`, 400],
      [`id=123456&timestamp=${t}&lat=abc&lon=116.35`, 400], [`id=123456&timestamp=${t}&lat=0&lon=0`, 400], [`id=123456&timestamp=${sec() + 86_400}&lat=39.98&lon=116.35`, 400],
      [`id=123456&timestamp=${t}&lat=39.98&lon=116.35&note=a%00b`, 400], [`id=123456&timestamp=${t}&lat=39.98&lon=116.35&valid=false`, 400],
    ] as const) {
      const res = await app.request(`/gps/osmand?${q}`);
      expect(res.status, q).toBe(status);
    }
    const json = await app.request('/gps/osmand', { method: 'POST', body: JSON.stringify({ device_id: 'nobody', location: { timestamp: new Date().toISOString(), coords: { latitude: 39.98, longitude: 116.35 } } }), headers: { 'Content-Type': 'application/json' } });
    expect(json.status).toBe(404);
    const huge = await app.request('/gps/osmand', { method: 'POST', body: 'x'.repeat(200_000), headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
    expect(huge.status).toBe(413);
    expect((await fixesOf(osmandId)).length).toBe(before);
  });

  it('stores one fix of 30 identical requests sent at once, and nothing from a revoked device', async () => {
    const q = `id=123456&timestamp=${sec() - 20}&lat=39.98771&lon=116.35159`;
    const all = await Promise.all(Array.from({ length: 30 }, () => app.request(`/gps/osmand?${q}`)));
    expect(all.map((r) => r.status)).toEqual(Array(30).fill(200));
    expect((await fixesOf(osmandId)).length).toBe(4);
    await app.request(`/api/devices/${osmandId}/revoke`, { method: 'POST', headers: { Cookie: admin.cookie, 'X-CSRF-Token': admin.csrfToken } });
    expect((await app.request(`/gps/osmand?id=123456&timestamp=${sec() - 10}&lat=39.98781&lon=116.35169`)).status).toBe(400);
    expect((await fixesOf(osmandId)).length).toBe(4);
  });
});

describe('OwnTracks (HTTP mode) at /gps/owntracks', () => {
  const post = (body: string, auth = basic('furun-ot', owntracks.secret)) => app.request('/gps/owntracks', {
    method: 'POST', body, headers: { 'Content-Type': 'application/json', Authorization: auth, 'X-Limit-U': 'furun-ot', 'X-Limit-D': 'phone' },
  });

  it('stores a location with its extra keys and answers []', async () => {
    const loc = { _type: 'location', acc: 8, alt: 48, batt: 71, bs: 1, conn: 'm', created_at: sec(), lat: 39.9879, lon: 116.3518, m: 1, tid: 'fr', tst: sec() - 15, vac: 3, vel: 5, topic: 'owntracks/furun-ot/phone', mcc: 460, inregions: ['家'] };
    const res = await post(JSON.stringify(loc));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([]);
    expect((await post(JSON.stringify(loc))).status).toBe(200);
    const rows = await fixesOf(owntracks.id);
    expect(rows).toHaveLength(1);
    expect(Number(rows[0]!.speed)).toBeCloseTo(5 / 3.6, 3);
    expect(rows[0]!.attributes).toMatchObject({ topic: 'owntracks/furun-ot/phone', mcc: 460 });
  });

  it('acknowledges other types and empty bodies without storing; refuses a wrong secret with 401', async () => {
    for (const body of ['', JSON.stringify({ _type: 'transition', event: 'enter', tst: sec() }), JSON.stringify({ _type: 'lwt', tst: sec() }), JSON.stringify({ _type: 'card', name: 'x' })]) {
      const res = await post(body);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual([]);
    }
    const loc = JSON.stringify({ _type: 'location', lat: 39.98, lon: 116.35, tst: sec() - 5 });
    expect((await post(loc, basic('furun-ot', 'wrong'))).status).toBe(401);
    expect((await post(loc, basic('nobody', owntracks.secret))).status).toBe(401);
    expect((await post(loc, '')).status).toBe(401);
    expect((await post(JSON.stringify({ _type: 'location', lat: 139, lon: 116.35, tst: sec() - 5 }))).status).toBe(400);
    expect((await post('{not json')).status).toBe(400);
    expect(await fixesOf(owntracks.id)).toHaveLength(1);
  });
});

describe('the worker seen live', () => {
  it('moves the worker on the community manager\'s live stream as a phone reports', async () => {
    now = new Date();
    const [m] = await db.sql`select id from app_user where username = 'manager.furun'`;
    const manager = await createSession(db.sql, Number(m!.id));
    const res = await app.request('/api/patrols/live', { headers: { Cookie: manager.cookie } });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const seen: string[] = [];
    const read = (async () => {
      const dec = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        seen.push(dec.decode(value));
        if (seen.join('').includes('event: position')) return;
      }
    })();
    await new Promise((r) => setTimeout(r, 100));
    await app.request('/gps/owntracks', { method: 'POST', body: JSON.stringify({ _type: 'location', lat: 39.9881, lon: 116.3519, tst: Math.floor(Date.now() / 1000) }), headers: { 'Content-Type': 'application/json', Authorization: basic('furun-ot', owntracks.secret) } });
    await Promise.race([read, new Promise((r) => setTimeout(r, 5000))]);
    await reader.cancel();
    const text = seen.join('');
    expect(text).toContain('event: ready');
    const position = text.split('event: position\ndata: ')[1]?.split('\n')[0];
    expect(position, text.slice(0, 300)).toBeDefined();
    expect(JSON.parse(position!)).toMatchObject({ userId: leaderId, lat: 39.9881, stale: false });
  });
});
