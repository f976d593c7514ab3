import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { open311Client, useOpen311Demo } from '../../../test/open311.ts';
import { createIncidentBus, type IncidentChange } from '../incidents/incident-bus.ts';
import { readErrors } from './open311-format.domain.ts';

// Filing Open311 requests (POST requests.{fmt}) on the Haidian demo with a Wangge API key: the way
// FixMyStreet's client does it, form-encoded and as JSON, and every way it can go wrong (the spec's
// statuses and error shapes, nothing written), 30 at once included.
const o = useOpen311Demo();
const changes: IncidentChange[] = [];
const bus = createIncidentBus();
bus.subscribe((c) => changes.push(c));
const client = () => open311Client(o.demo, { bus });
type Fields = Record<string, string>;
const fields = (extra: Fields = {}): Fields => ({
  api_key: o.key, service_code: '0102', lat: o.inGrid.lat.toFixed(6), long: o.inGrid.lon.toFixed(6), description: '楼下堆放垃圾', ...extra,
});
/** Cases and followers together: a refused request writes neither. */
const rows = async () => (await o.demo.db.sql`select (select count(*)::int from incident) + (select count(*)::int from incident_follower) as n`)[0]!.n as number;
const cases = async () => (await o.demo.db.sql`select count(*)::int as n from incident`)[0]!.n as number;

/** FixMyStreet reads answers with XML::Simple, lists forced to arrays: `$obj->{request}->[0]->{service_request_id}`. */
const xmlSimple = (xml: string) => new XMLParser({ parseTagValue: false, isArray: (n) => ['request', 'error', 'service', 'attribute', 'value'].includes(n) }).parse(xml) as
  Record<string, { request?: Record<string, string>[]; error?: Record<string, string>[] }>;

/** Sends a bad request in both formats: the status each time, an error body in the spec's shape, nothing written. */
async function refused(status: number, send: (format: 'json' | 'xml') => Response | Promise<Response>, says: RegExp) {
  const before = await rows();
  for (const format of ['json', 'xml'] as const) {
    const res = await send(format);
    const text = await res.text();
    expect([res.status, text]).toEqual([status, expect.any(String)]);
    const errors = readErrors(text);
    expect(errors?.length && errors.every((e) => e.code === String(status)), text).toBe(true);
    expect(errors!.some((e) => says.test(e.description)), text).toBe(true);
    if (format === 'xml') expect(text).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?><errors><error><code>\d{3}<\/code><description>/);
  }
  expect(await rows()).toBe(before);
}

describe('filing as FixMyStreet does', () => {
  it('takes its form-encoded POST to requests.xml, answers an id it can read, and the request follows by GET requests/{id}.xml', async () => {
    const sent = fields({
      description: '楼下堆放垃圾\n\n单元门口有成堆的垃圾袋，已经三天了\n\nhttps://fixmystreet.example/report/12\n', email: 'wanglei@example.com', first_name: '王磊', last_name: '',
      'attribute[fms_extra_title]': '', jurisdiction_id: 'haidian',
    });
    const res = await client().postForm('xml', sent);
    expect(res.status).toBe(200);
    const answer = xmlSimple(await res.text());
    const id = answer.service_requests!.request![0]!.service_request_id!;
    expect(id).toMatch(/^\d+$/);
    const [row] = await o.demo.db.sql`select source, reporter_user_id::int, reporter_name, reporter_phone, description, grid_code, due_at, status, level
      from incident where id = ${Number(id)}`;
    expect(row).toMatchObject({ source: 'open311', reporter_user_id: o.officerId, reporter_name: '王磊', reporter_phone: null, grid_code: expect.stringMatching(/^110108010031/), status: 'reported' });
    expect(row!.description).toContain('单元门口有成堆的垃圾袋');
    expect(row!.due_at).toBeInstanceOf(Date);
    expect(changes.some((c) => c.id === Number(id) && c.action === 'report')).toBe(true);
    const [audit] = await o.demo.db.sql`select details from audit_log where action = 'incident.report' and entity_id = ${Number(id)}`;
    expect(audit!.details).toEqual({ via: 'open311' });

    const followed = xmlSimple(await (await client().get(`/open311/v2/requests/${id}.xml`)).text());
    const r = followed.service_requests!.request![0]!;
    expect(r).toMatchObject({ service_request_id: id, status: 'open', service_code: '0102', service_name: '暴露垃圾', agency_responsible: '富润社区' });
    expect(new Date(r.expected_datetime!).getTime()).toBe((row!.due_at as Date).getTime());
    // its fetch of recent requests: start and end as W3C datetimes
    const w3c = (t: number) => new Date(t).toISOString().replace(/\.\d+Z$/, 'Z');
    const recent = xmlSimple(await (await client().get(`/open311/v2/requests.xml?${new URLSearchParams({ start_date: w3c(Date.now() - 3600_000), end_date: w3c(Date.now() + 60_000), jurisdiction_id: 'haidian' })}`)).text());
    expect(recent.service_requests!.request!.map((x) => x.service_request_id)).toContain(id);
  });

  it('answers a token as well, which tokens/{token} resolves to the request', async () => {
    const [created] = (await (await client().postForm('json', fields({ first_name: '磊', last_name: '王', phone: '13800138000' }))).json()) as Fields[];
    expect(created).toEqual({ service_request_id: expect.stringMatching(/^\d+$/), token: expect.stringMatching(/^[\w-]{24}$/), service_notice: expect.stringContaining('富润社区') });
    const resolved = xmlSimple(await (await client().get(`/open311/v2/tokens/${created!.token}.xml`)).text());
    expect(resolved.service_requests!.request![0]).toEqual({ service_request_id: created!.service_request_id, token: created!.token });
    const [row] = await o.demo.db.sql`select reporter_name, reporter_phone from incident where id = ${Number(created!.service_request_id)}`;
    expect(row).toEqual({ reporter_name: '王磊', reporter_phone: '13800138000' });
  });

  it('takes a JSON body too, numbers as numbers', async () => {
    const res = await client().postJson('json', { api_key: o.key, service_code: '0501', lat: o.inGrid.lat, long: o.inGrid.lon, description: '无照游商', attribute: { x: '1' } });
    expect(res.status).toBe(200);
    const [created] = (await res.json()) as Fields[];
    const [row] = await o.demo.db.sql`select category_code, source from incident where id = ${Number(created!.service_request_id)}`;
    expect(row).toEqual({ category_code: '0501', source: 'open311' });
  });

  it('files 30 identical requests sent at once as 30 reports (Open311 has no idempotency key), none failing', async () => {
    const before = await cases();
    const answers = await Promise.all(Array.from({ length: 30 }, () => client().postForm('json', fields({ description: '同一处垃圾' }))));
    expect(answers.map((r) => r.status)).toEqual(Array(30).fill(200));
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as Fields[])[0]!.service_request_id));
    expect(new Set(ids).size).toBe(30);
    expect(await cases()).toBe(before + 30);
    expect((await o.demo.db.sql`select count(*)::int as n from incident_follower where incident_id = any(${ids.map(Number)}::bigint[]) and token_hash is not null`)[0]!.n).toBe(30);
  });
});

describe('refusing a request', () => {
  const form = (extra: Fields, drop: string[] = []) => (format: 'json' | 'xml') =>
    client().postForm(format, Object.fromEntries(Object.entries(fields(extra)).filter(([k]) => !drop.includes(k))));

  it('400s missing parameters, each named', async () => {
    await refused(400, form({}, ['api_key']), /api_key is required/);
    await refused(400, form({}, ['service_code']), /service_code is required/);
    await refused(400, form({}, ['lat', 'long']), /location is required/);
    await refused(400, form({}, ['long']), /together/);
    await refused(400, form({ address_string: '学院路 1 号' }, ['lat', 'long']), /no geocoder/);
    await refused(400, (format) => client().postJson(format, {}), /api_key is required/);
  });

  it('400s malformed values and bodies', async () => {
    await refused(400, form({ lat: '39.9N' }), /lat must be a decimal/);
    await refused(400, form({ long: '200' }), /long must be ≤ 180/);
    await refused(400, form({ phone: 'call me' }), /phone/);
    await refused(400, form({ first_name: '名'.repeat(30), last_name: '姓'.repeat(30) }), /at most 50/);
    await refused(400, (format) => client().postJson(format, [1]), /JSON object/);
    await refused(400, (format) => client().postJson(format, { ...fields(), lat: { x: 1 } }), /lat must be text/);
    await refused(400, (format) => client().postJson(format, 'x'), /JSON object/);
    await refused(400, (format) => client().postRaw(format, '{', 'application/json'), /JSON object/);
  });

  it('400s a description too long or holding control characters', async () => {
    await refused(400, form({ description: '垃'.repeat(2001) }), /description is at most 2000/);
    await refused(400, form({ description: 'bell\u0007' }), /description contains control characters/);
    await refused(400, form({ description: 'nul\u0000' }), /NUL/);
    await refused(400, form({ first_name: 'esc\u001b[31m' }), /first_name contains control characters/);
  });

  it('403s a bad, revoked or powerless key', async () => {
    await refused(403, form({ api_key: 'wgk_abcdefgh_' + 'x'.repeat(32) }), /not valid/);
    await refused(403, form({ api_key: 'not-a-key' }), /not valid/);
    const viewerKey = (await (await o.demo.send('admin', 'POST', '/api/admin/api-keys', { userId: Number((await o.demo.db.sql`select id from app_user where username = 'viewer'`)[0]!.id), name: 'viewer' })).json()) as { key: string };
    await refused(403, form({ api_key: viewerKey.key }), /may not report/);
    const other = (await (await o.demo.send('admin', 'POST', '/api/admin/api-keys', { userId: o.officerId, name: 'to revoke' })).json()) as { id: number; key: string };
    expect((await client().postForm('json', fields({ api_key: other.key }))).status).toBe(200);
    expect((await o.demo.send('admin', 'POST', `/api/admin/api-keys/${other.id}/revoke`)).status).toBe(204);
    await refused(403, form({ api_key: other.key }), /not valid or was revoked/);
  });

  it('404s a service_code that is no service here: unknown, or a people-centred grid domain', async () => {
    await refused(404, form({ service_code: '9999' }), /not a service/);
    await refused(404, form({ service_code: '1104' }), /not a service/);
  });

  it('400s a point outside every community, 403s one outside the key\'s places', async () => {
    await refused(400, form({ lat: '0', long: '0' }), /outside every community/);
    await refused(403, form({ lat: String(o.elsewhere.lat), long: String(o.elsewhere.lon) }), /outside the places/);
  });

  it('refuses a body of other kinds, files, repeated fields and oversized bodies', async () => {
    const post = client().postRaw;
    await refused(400, (f) => post(f, '<x/>', 'text/xml'), /form-encoded/);
    await refused(400, (f) => post(f, `${new URLSearchParams(fields())}&service_code=0101`, 'application/x-www-form-urlencoded'), /more than once/);
    const multipart = new FormData();
    for (const [k, v] of Object.entries(fields())) multipart.set(k, v);
    multipart.set('media_url', new Blob(['x']), 'photo.jpg');
    await refused(400, (f) => post(f, multipart), /not a file/);
    await refused(413, (f) => post(f, `description=${'x'.repeat(70_000)}`, 'application/x-www-form-urlencoded'), /exceeds/);
  });
});
