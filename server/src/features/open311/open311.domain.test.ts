import { describe, expect, it } from 'vitest';
import { agencyOf, coarseAddress, pointOf, reporterName, requestDoc, requestWindow, serviceDoc, statusNotes, statusesFor, type PublicCase } from './open311.domain.ts';
import { asText, clean, errorDoc, Open311Error, readErrors, readXmlDoc, renderDoc, splitFormat, xmlDocument } from './open311-format.domain.ts';

const base: PublicCase = {
  id: 42, categoryCode: '0102', categoryName: '暴露垃圾', status: 'dispatched', level: 'community', lastPublicStep: 'dispatch',
  assignee: { kind: 'department', name: '学院路街道城管执法队' }, reportedAt: new Date('2026-12-07T02:00:00Z'), updatedAt: new Date('2026-12-07T03:00:00Z'),
  dueAt: new Date('2026-12-07T07:30:00Z'), lon: 116.3456789, lat: 39.9876543, gridName: '富润家园网格', communityName: '富润社区', townName: '学院路街道',
  countyName: '海淀区', roadName: '学院路',
};

describe('a case as a service request', () => {
  it('maps the workflow onto open and closed, dates in Beijing time, the deadline as expected_datetime', () => {
    const doc = requestDoc(base) as Record<string, unknown>;
    expect(doc).toMatchObject({
      service_request_id: '42', status: 'open', status_notes: '任务派遣', service_code: '0102', service_name: '暴露垃圾',
      agency_responsible: '学院路街道城管执法队', requested_datetime: '2026-12-07T10:00:00+08:00', updated_datetime: '2026-12-07T11:00:00+08:00',
      expected_datetime: '2026-12-07T15:30:00+08:00', address: '学院路街道富润社区 学院路附近',
    });
    expect((requestDoc({ ...base, status: 'evaluated' }) as { status: string }).status).toBe('closed');
    expect((requestDoc({ ...base, status: 'voided' }) as { status: string }).status).toBe('closed');
    expect((requestDoc({ ...base, dueAt: null }) as { expected_datetime?: string }).expected_datetime).toBeUndefined();
  });

  it('publishes no description, photo, reporter or exact point', () => {
    const doc = requestDoc(base) as Record<string, unknown>;
    expect(Object.keys(doc).filter((k) => ['description', 'media_url', 'first_name', 'phone', 'email'].includes(k))).toEqual([]);
    // the point moves to its 100 m cell's centre: every point of the cell gives the same answer
    expect(Math.abs((doc.lat as number) - base.lat)).toBeLessThan(0.001);
    expect(doc.lat).not.toBe(base.lat);
    const near = requestDoc({ ...base, lat: (doc.lat as number) + 0.0001, lon: (doc.long as number) - 0.0001 }) as Record<string, unknown>;
    expect([near.lat, near.long]).toEqual([doc.lat, doc.long]);
  });

  it('names the unit handling it: the department, else the centre of the level that holds it', () => {
    const held = { ...base, assignee: null };
    expect(agencyOf({ ...held, level: 'grid' })).toBe('富润社区 · 富润家园网格（网格员）');
    expect(agencyOf({ ...held, level: 'community' })).toBe('富润社区');
    expect(agencyOf({ ...held, level: 'street' })).toBe('学院路街道网格化服务管理中心');
    expect(agencyOf({ ...held, level: 'county' })).toBe('海淀区城市运行管理中心');
    expect(agencyOf({ ...base, assignee: { kind: 'grid', name: '富润家园网格' } })).toBe('富润社区 · 富润家园网格');
  });

  it('says the last public step by name, never a note; the status before any step', () => {
    expect(statusNotes('verify', 'closed')).toBe('核查结案');
    expect(statusNotes('report', 'reported')).toBe('待受理');
    expect(statusNotes(null, 'accepted')).toBe('已立案');
  });

  it('gives an address of a street, never of a home', () => {
    expect(coarseAddress({ townName: '学院路街道', communityName: '富润社区', roadName: null })).toBe('学院路街道富润社区');
  });

  it('lists the workflow statuses behind open and closed', () => {
    expect(statusesFor(['closed']).sort()).toEqual(['closed', 'evaluated', 'voided']);
    expect(statusesFor(['open', 'closed'])).toHaveLength(10);
  });

  it('offers a minor class as a realtime service without attributes', () => {
    expect(serviceDoc({ code: '0102', name: '暴露垃圾', nameEn: 'Exposed rubbish', group: '市容环境', filing: '道路上有垃圾' })).toEqual({
      service_code: '0102', service_name: '暴露垃圾', description: '道路上有垃圾', metadata: false, type: 'realtime', keywords: 'Exposed rubbish', group: '市容环境',
    });
  });
});

describe('the window of a search', () => {
  const now = new Date('2026-12-07T00:00:00Z');
  const day = 86_400_000;
  it('is the last 90 days by default, 90 days from the one end given, and refuses more', () => {
    expect(requestWindow(undefined, undefined, now)).toEqual({ from: new Date(now.getTime() - 90 * day), to: now });
    expect(requestWindow(now, undefined, now).to).toEqual(new Date(now.getTime() + 90 * day));
    expect(requestWindow(undefined, now, now).from).toEqual(new Date(now.getTime() - 90 * day));
    expect(() => requestWindow(new Date(now.getTime() - 91 * day), now, now)).toThrow(Open311Error);
    expect(() => requestWindow(now, new Date(now.getTime() - 1), now)).toThrow(/after end_date/);
  });
});

describe('a filed request', () => {
  it('needs lat and long: an address alone says there is no geocoder', () => {
    expect(pointOf({ lat: 39.9, long: 116.3 })).toEqual({ lon: 116.3, lat: 39.9 });
    expect(() => pointOf({ address_string: '学院路 1 号' })).toThrow(/no geocoder/);
    expect(() => pointOf({ lat: 39.9 })).toThrow(/together/);
    expect(() => pointOf({})).toThrow(/location is required/);
  });

  it('puts a Chinese name family name first', () => {
    expect(reporterName('磊', '王')).toBe('王磊');
    expect(reporterName('Jane', 'Doe')).toBe('Jane Doe');
    expect(reporterName('王磊', '')).toBe('王磊');
    expect(reporterName(undefined, ' ')).toBeNull();
  });
});

describe('the two formats', () => {
  it('splits a resource name from its format', () => {
    expect(splitFormat('12.json')).toEqual({ name: '12', format: 'json' });
    expect(splitFormat('1.2.xml')).toEqual({ name: '1.2', format: 'xml' });
    expect(splitFormat('12.html')).toBeNull();
    expect(splitFormat('.json')).toBeNull();
  });

  it('writes XML declared UTF-8, Chinese as it is, markup escaped, lists wrapped as the spec names them', () => {
    const xml = xmlDocument('service_requests', [{ service_request_id: '1', status_notes: '<b>"垃圾" & \'x\'</b>', gone: null }]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?><service_requests><request>')).toBe(true);
    expect(xml).toContain('&lt;b&gt;&quot;垃圾&quot; &amp; &apos;x&apos;&lt;/b&gt;');
    expect(xml).not.toContain('gone');
  });

  it('drops what XML cannot carry, from both formats alike', () => {
    const value = { a: 'x\u0001y\u0000z\uFFFE\ud800', b: 'tab\tline\n' };
    expect(clean(value)).toEqual({ a: 'xyz', b: 'tab\tline\n' });
    expect(JSON.parse(renderDoc('json', 'x', value).body)).toEqual(clean(value));
  });

  it('reads every document back to the value it was written from', () => {
    const docs: [string, unknown][] = [
      ['discovery', { changeset: 'c', endpoints: [{ url: 'u', formats: ['text/xml', 'application/json'] }] }],
      ['services', []],
      ['services', [{ service_code: '0102', metadata: false }]],
      ['service_definition', { service_code: '0102', attributes: [] }],
      ['service_requests', [{ service_request_id: '1', lat: 39.9 }, { service_request_id: '2' }]],
    ];
    for (const [root, value] of docs) {
      expect(readXmlDoc(xmlDocument(root, value as never))).toEqual({ root, value: asText(value as never) });
    }
  });

  it('shapes errors as the spec does, and reads them back from either format', () => {
    expect(JSON.parse(errorDoc('json', 400, ['service_code is required']).body)).toEqual([{ code: 400, description: 'service_code is required' }]);
    expect(errorDoc('xml', 403, ['bad key']).body).toBe('<?xml version="1.0" encoding="UTF-8"?><errors><error><code>403</code><description>bad key</description></error></errors>');
    expect(readErrors(errorDoc('xml', 404, ['a', 'b']).body)).toEqual([{ code: '404', description: 'a' }, { code: '404', description: 'b' }]);
    expect(readErrors(errorDoc('json', 400, ['x']).body)).toEqual([{ code: '400', description: 'x' }]);
    expect(readErrors('{"error":{"code":"x","message":"y"}}')).toBeNull();
    expect(readErrors('<service_requests></service_requests>')).toBeNull();
  });
});
