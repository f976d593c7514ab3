import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../app.ts';
import { mountClient } from '../../http/static.ts';
import { json } from '../../../test/api.ts';
import { bothFormats, open311Client, useOpen311Demo } from '../../../test/open311.ts';
import { readErrors } from './open311-format.domain.ts';

// Open311 GeoReport v2 conformance on the Haidian demo, reading: discovery, services, a service's
// definition, requests by search and by id, tokens; every answer in JSON and in XML that says the same;
// errors in the spec's shape with its statuses; nothing personal in any answer.
const o = useOpen311Demo();
const client = () => open311Client(o.demo);
type Req = Record<string, string>;
const ids: Record<'open' | 'closed' | 'ledger', number> = { open: 0, closed: 0, ledger: 0 };
let token = '';

beforeAll(async () => {
  const { send } = o.demo;
  const report = async (categoryCode: string, description: string) =>
    (await json<{ id: number }>(await send('leader.furun1', 'POST', '/api/incidents', { categoryCode, lon: o.inGrid.lon, lat: o.inGrid.lat, description, reporterName: '张三', reporterPhone: '13912345678', address: '富润家园 3 号楼 2 单元 301' }))).id;
  ids.closed = await report('0102', '楼下有垃圾，张三 13912345678 反映');
  expect((await send('leader.furun1', 'POST', `/api/incidents/${ids.closed}/transitions`, { action: 'self_handle', version: 1, note: '已清理，张三满意' })).status).toBe(200);
  ids.ledger = await report('1104', '重点人员李四动态');
  const filed = await client().postForm('json', { api_key: o.key, service_code: '0501', lat: String(o.inGrid.lat), long: String(o.inGrid.lon), description: '桥下有人卖烤红薯', first_name: '磊', last_name: '王', phone: '13800138000', email: 'w@example.com' });
  const [created] = (await filed.json()) as Req[];
  ids.open = Number(created!.service_request_id);
  token = created!.token!;
});

describe('discovery and services', () => {
  it('discovers this endpoint with its formats', async () => {
    const d = (await bothFormats(client().get, '/open311/v2/discovery.{fmt}', 'discovery')) as { endpoints: Req[] & { formats: string[] }[] };
    expect(d.endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', url: 'http://localhost/open311/v2/', type: 'production', formats: ['text/xml', 'application/json'] });
  });

  it('lists the public event classes as realtime services without metadata, grouped by class; never the people-centred grid domains', async () => {
    const services = (await bothFormats(client().get, '/open311/v2/services.{fmt}?jurisdiction_id=110108', 'services')) as Req[];
    expect(services.find((s) => s.service_code === '0102')).toEqual({
      service_code: '0102', service_name: '暴露垃圾', description: expect.stringContaining('垃圾'), metadata: false, type: 'realtime', keywords: 'Exposed rubbish', group: '市容环境',
    });
    expect(services.every((s) => /^0[1-6]\d{2}$/.test(s.service_code!))).toBe(true);
    expect(services.length).toBeGreaterThan(30);
  });

  it('defines a service in the spec\'s shape though it has no attributes; 404 for any other code', async () => {
    expect(await bothFormats(client().get, '/open311/v2/services/0102.{fmt}', 'service_definition')).toEqual({ service_code: '0102', attributes: [] });
    for (const code of ['1104', '9999', '01', 'x']) await bothFormats(client().get, `/open311/v2/services/${code}.{fmt}`, 'errors', 404);
  });
});

describe('service requests', () => {
  it('answers one by id: status mapped from the workflow, the unit responsible, the deadline, a street not a home', async () => {
    const [r] = (await bothFormats(client().get, `/open311/v2/requests/${ids.closed}.{fmt}`, 'service_requests')) as Req[];
    const [row] = await o.demo.db.sql`select due_at, updated_at from incident where id = ${ids.closed}`;
    expect(r).toMatchObject({ service_request_id: String(ids.closed), status: 'closed', status_notes: '自行处置', service_code: '0102', service_name: '暴露垃圾' });
    expect(new Date(r!.expected_datetime!).getTime()).toBe((row!.due_at as Date).getTime());
    expect(r!.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(r!.agency_responsible).toContain('富润社区');
    expect(r!.address).toMatch(/^学院路街道富润社区/);
    expect(Math.abs(Number(r!.lat) - o.inGrid.lat)).toBeLessThan(0.001);
    const [open] = (await bothFormats(client().get, `/open311/v2/requests/${ids.open}.{fmt}`, 'service_requests')) as Req[];
    expect(open).toMatchObject({ status: 'open', status_notes: '待受理', service_code: '0501' });
  });

  it('publishes no names, phones, descriptions, photos or home addresses', async () => {
    const texts = await Promise.all([`requests/${ids.closed}.xml`, `requests/${ids.open}.json`, 'requests.json', 'requests.xml'].map(async (p) => (await client().get(`/open311/v2/${p}`)).text()));
    for (const t of texts) {
      for (const secret of ['张三', '13912345678', '3 号楼', '王磊', '13800138000', 'w@example.com', '烤红薯', '垃圾，', 'media_url', 'description']) expect(t).not.toContain(secret);
    }
  });

  it('searches the last 90 days by default, by ids, services and status, and never shows the grid domains', async () => {
    const all = (await bothFormats(client().get, '/open311/v2/requests.{fmt}', 'service_requests')) as Req[];
    expect(all.map((r) => Number(r.service_request_id))).toEqual(expect.arrayContaining([ids.open, ids.closed]));
    expect(all.map((r) => Number(r.service_request_id))).not.toContain(ids.ledger);
    const pick = async (q: string) => ((await bothFormats(client().get, `/open311/v2/requests.{fmt}?${q}`, 'service_requests')) as Req[]).map((r) => Number(r.service_request_id));
    expect(await pick(`service_request_id=${ids.open},${ids.closed},${ids.ledger}`)).toEqual(expect.arrayContaining([ids.open, ids.closed]));
    expect(await pick(`service_request_id=${ids.ledger}`)).toEqual([]);
    // the demo's history is there too: each filter is checked on every answer
    const search = async (q: string) => (await bothFormats(client().get, `/open311/v2/requests.{fmt}?${q}`, 'service_requests')) as Req[];
    const byService = await search('service_code=0501');
    expect(byService.every((r) => r.service_code === '0501') && byService.some((r) => r.service_request_id === String(ids.open))).toBe(true);
    const closed = await search('status=closed');
    expect(closed.every((r) => r.status === 'closed') && closed.some((r) => r.service_request_id === String(ids.closed))).toBe(true);
    const open = await search('status=open&service_code=0102,0501');
    expect(open.every((r) => r.status === 'open' && ['0102', '0501'].includes(r.service_code!))).toBe(true);
    expect(open.map((r) => Number(r.service_request_id))).toContain(ids.open);
    expect((await search('status=open,closed')).length).toBe(all.length);
    expect(await pick('start_date=2020-01-01&end_date=2020-03-01')).toEqual([]);
    const hour = 3600_000;
    const w3c = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
    expect(await pick(`start_date=${encodeURIComponent(w3c(Date.now() - hour))}&end_date=${encodeURIComponent(w3c(Date.now() + hour))}`)).toEqual(expect.arrayContaining([ids.open, ids.closed]));
    expect(await pick(`start_date=${encodeURIComponent(new Date(Date.now() - hour).toISOString().slice(0, 19))}%2B00:00`)).toEqual(expect.arrayContaining([ids.open]));
  });

  it('refuses a bad search with 400 in the spec\'s shape', async () => {
    for (const q of ['start_date=2026-01-01&end_date=2026-06-01', 'start_date=yesterday', 'end_date=2026-01-01&start_date=2026-02-01', 'status=pending', 'service_request_id=abc', 'service_code=x']) {
      await bothFormats(client().get, `/open311/v2/requests.{fmt}?${q}`, 'errors', 400);
    }
  });

  it('404s an unknown request, a request outside the published services, and an unknown token', async () => {
    for (const path of ['requests/999999999', `requests/${ids.ledger}`, 'requests/0', 'requests/abc', 'tokens/AAAAAAAAAAAAAAAAAAAAAAAA', 'tokens/x']) {
      await bothFormats(client().get, `/open311/v2/${path}.{fmt}`, 'errors', 404);
    }
  });

  it('resolves the token a filed request answered with', async () => {
    expect(await bothFormats(client().get, `/open311/v2/tokens/${token}.{fmt}`, 'service_requests')).toEqual([{ service_request_id: String(ids.open), token }]);
  });

  it('answers at most 1000 requests', async () => {
    await o.demo.db.sql`insert into incident (reported_at, region_code, category_code, description, source, geom, community_id, community_code,
        town_id, town_code, county_id, county_code, status, level, state, synthetic)
      select i.reported_at - make_interval(mins => g), i.region_code, i.category_code, i.description, i.source, i.geom, i.community_id, i.community_code,
        i.town_id, i.town_code, i.county_id, i.county_code, i.status, i.level, i.state, true
      from incident i, generate_series(1, 1001) g where i.id = ${ids.open}`;
    const list = (await (await client().get('/open311/v2/requests.json?service_code=0501')).json()) as Req[];
    expect(list).toHaveLength(1000);
    expect(list[0]!.service_request_id).toBe(String(ids.open));
  });
});

describe('errors and unknown paths', () => {
  it('answers an unknown path or format under /open311 with a 404 in the spec\'s shape, never the app\'s page', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'wangge-dist-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>网格</title>');
    const app = createApp({ sql: o.demo.db.sql });
    expect(mountClient(app, dist)).toBe(true);
    for (const path of ['/open311', '/open311/v2', '/open311/v2/', '/open311/v2/requests.html', '/open311/v2/discovery', '/open311/v3/services.json', '/open311/v2/requests/1.yaml', '/open311/v2/nothing.xml']) {
      const res = await app.request(path);
      const text = await res.text();
      expect([path, res.status]).toEqual([path, 404]);
      expect(readErrors(text), `${path}: ${text}`).toEqual([{ code: '404', description: expect.any(String) }]);
      expect(text).not.toContain('网格</title>');
    }
    expect((await app.request('/open311/v2/nothing.xml')).headers.get('Content-Type')).toBe('text/xml; charset=UTF-8');
    expect((await app.request('/open311/v2/services.json', { method: 'DELETE' })).status).toBe(404);
  });

  it('answers the app\'s own refusals (a bad bearer credential) in the spec\'s shape too', async () => {
    const res = await client().get('/open311/v2/services.xml', { Authorization: 'Bearer not-a-key' });
    expect(res.status).toBe(401);
    expect(readErrors(await res.text())).toEqual([{ code: '401', description: expect.stringContaining('API key') }]);
  });

  it('refuses text PostgreSQL cannot store in a query', async () => {
    await bothFormats(client().get, '/open311/v2/requests.{fmt}?service_code=%00', 'errors', 400);
    await bothFormats(client().get, '/open311/v2/services.{fmt}?x%00=1', 'errors', 400);
  });
});
