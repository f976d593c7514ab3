import { describe, expect, it } from 'vitest';
import { parseBasicAuth, parseOwntracks, type OwntracksParse } from './owntracks.domain.ts';

const NOW = new Date('2025-06-15T14:00:00Z');

function location(body: string) {
  const p: OwntracksParse = parseOwntracks(JSON.parse(body), NOW);
  if (p.kind !== 'location') throw new Error(`not a location: ${JSON.stringify(p)}`);
  return p;
}
function refused(body: unknown) {
  const p = parseOwntracks(body, NOW);
  if (p.kind !== 'invalid') throw new Error(`not refused: ${JSON.stringify(p)}`);
  return p;
}

describe('parseOwntracks: locations as the apps send them', () => {
  it('reads the Android app\'s message: km/h to m/s, the rest kept as attributes', () => {
    const p = location('{"_type":"location","acc":15,"alt":440,"batt":46,"conn":"w","lat":46.0681247,"lon":11.1512805,"t":"u","tid":"5t","tst":1551874878,"vac":2,"vel":0}');
    expect(p.tid).toBe('5t');
    expect(p.fix).toEqual({
      at: new Date(1_551_874_878_000), lat: 46.0681247, lon: 11.1512805, accuracy: 15, speed: 0, heading: null, altitude: 440, battery: 46,
      attributes: { conn: 'w', t: 'u', tid: '5t', vac: 2 },
    });
  });

  it('reads course and speed: 61 km/h is 16.94 m/s', () => {
    const p = location('{"cog":271,"lon":2.29513,"acc":5,"vel":61,"vac":21,"lat":48.85833,"tst":1497349316,"alt":167,"_type":"location","tid":"JJ","t":"u","batt":67}');
    expect(p.fix.speed).toBeCloseTo(16.944, 3);
    expect(p.fix).toMatchObject({ heading: 271, accuracy: 5, altitude: 167, battery: 67 });
  });

  it('reads the bare minimum: lat, lon, tst', () => {
    const p = location('{"lon":2.29513,"lat":48.85833,"tst":1497349316,"_type":"location","tid":"JJ"}');
    expect(p.fix).toEqual({
      at: new Date(1_497_349_316_000), lat: 48.85833, lon: 2.29513, accuracy: null, speed: null, heading: null, altitude: null, battery: null,
      attributes: { tid: 'JJ' },
    });
    expect(location('{"_type":"location","lat":39.98,"lon":116.31,"tst":1700000000}').tid).toBeNull();
  });

  it('keeps the iOS app\'s topic, created_at, monitoring mode and connection', () => {
    const p = location('{"lon":-122,"acc":5,"created_at":1736161415,"lat":37,"topic":"owntracks/ckrey/22A67880-15C3-41A6-9157-25545C7993AC","t":"u","m":1,"tst":1736161169,"conn":"w","alt":0,"_type":"location","tid":"AC"}');
    expect(p.fix.attributes).toEqual({
      created_at: 1736161415, topic: 'owntracks/ckrey/22A67880-15C3-41A6-9157-25545C7993AC', t: 'u', m: 1, conn: 'w', tid: 'AC',
    });
    expect(p.fix.at.toISOString()).toBe('2025-01-06T10:59:29.000Z');
  });

  it('keeps cell ids, regions and wifi names as they came', () => {
    const cell = location('{"topic":"owntracks/qtripp/865284041968706","lat":47.420051,"lon":13.654704,"vel":0,"cog":113,"tst":1736519167,"mcc":232,"mnc":1,"lac":"4F4D","cid":"673A","_type":"location","acc":10,"alt":1113,"t":"I","don":105,"tid":"CS"}');
    expect(cell.fix.attributes).toMatchObject({ mcc: 232, mnc: 1, lac: '4F4D', cid: '673A', don: 105 });
    const regions = location('{"_type":"location","acc":78,"alt":0,"batt":86,"conn":"w","inregions":["Casa"],"lat":44.2792575,"lon":11.9055914,"tid":"ic","tst":1546871086,"vac":0,"vel":0}');
    expect(regions.fix.attributes.inregions).toEqual(['Casa']);
    const wifi = location('{"_type":"location","acc":5,"alt":120,"batt":33,"bs":1,"BSSID":"dc:ef:9:e5:78:36","cog":31,"conn":"w","lat":41.702987,"lon":-74.082472,"m":2,"p":100.138,"SSID":"lon3r-5G","t":"u","tid":"0E","tst":1657840848,"vac":3,"vel":0}');
    expect(wifi.fix.attributes).toMatchObject({ SSID: 'lon3r-5G', BSSID: 'dc:ef:9:e5:78:36', bs: 1, charge: false, p: 100.138 });
  });

  it('reads the battery status as charging or not, and 0 as unknown', () => {
    const bs = (n: number) => location(`{"_type":"location","lat":39.98,"lon":116.31,"tst":1700000000,"bs":${n}}`).fix.attributes.charge;
    expect([bs(0), bs(1), bs(2), bs(3)]).toEqual([undefined, false, true, true]);
  });

  it('takes negative accuracy, speed, course and battery as unknown, a negative altitude as real', () => {
    const p = location('{"_type":"location","lat":39.98,"lon":116.31,"tst":1700000000,"acc":-1,"vel":-1,"cog":-1,"batt":-1,"alt":-4}');
    expect(p.fix).toMatchObject({ accuracy: null, speed: null, heading: null, battery: null, altitude: -4 });
  });
});

describe('parseOwntracks: what is not a location', () => {
  it.each([
    ['transition', '{"_type":"transition","desc":"My favorite coffee shop","event":"enter","lat":48.87069,"lon":2.34916,"rid":"f7676c","tid":"j1","tst":1707057574,"wtst":1610104395}'],
    ['waypoint', '{"_type":"waypoint","desc":"Home","lat":48.87,"lon":2.34,"rad":100,"tst":1610104395}'],
    ['lwt', '{"_type":"lwt","tst":1700000000}'],
    ['card', '{"_type":"card","name":"Jane","face":"iVBORw0KGgo="}'],
    ['cmd', '{"_type":"cmd","action":"reportLocation"}'],
    ['status', '{"_type":"status","android":{"wifi":1}}'],
    ['encrypted', '{"_type":"encrypted","data":"abc"}'],
  ])('sets a %s aside', (type, body) => {
    expect(parseOwntracks(JSON.parse(body), NOW)).toEqual({ kind: 'ignored', type });
  });

  it('refuses what is not a message', () => {
    expect(refused(null).reason).toBe('invalid');
    expect(refused([{ _type: 'location' }]).reason).toBe('invalid');
    expect(refused('location').reason).toBe('invalid');
    expect(refused({ lat: 1, lon: 1, tst: 1 }).message).toMatch(/_type/);
    expect(refused({ _type: 5 }).message).toMatch(/_type/);
  });

  it('refuses a location without lat, lon or tst, or with them not numbers, naming the field', () => {
    expect(refused({ _type: 'location', lon: 116.31, tst: 1700000000 }).message).toMatch(/^lat is required/);
    expect(refused({ _type: 'location', lat: 39.98, tst: 1700000000 }).message).toMatch(/^lon is required/);
    expect(refused({ _type: 'location', lat: 39.98, lon: 116.31 }).message).toMatch(/^tst is required/);
    expect(refused({ _type: 'location', lat: '39.98', lon: 116.31, tst: 1700000000 }).message).toMatch(/^lat is not a number/);
    expect(refused({ _type: 'location', lat: 39.98, lon: 116.31, tst: 1700000000, vel: 'fast' }).message).toMatch(/^vel /);
    expect(refused({ _type: 'location', lat: 39.98, lon: 116.31, tst: -1 }).message).toMatch(/tst/);
  });

  it('refuses coordinates out of range and the 0,0 of no position', () => {
    expect(refused({ _type: 'location', lat: 39.98, lon: 196.31, tst: 1700000000 }).reason).toBe('out_of_range');
    expect(refused({ _type: 'location', lat: 39.98, lon: 116.31, tst: 1700000000, batt: 180 }).reason).toBe('out_of_range');
    expect(refused({ _type: 'location', lat: 0, lon: 0, tst: 1700000000 }).reason).toBe('zero');
  });

  it('refuses floods of attributes', () => {
    const body: Record<string, unknown> = { _type: 'location', lat: 39.98, lon: 116.31, tst: 1700000000 };
    for (let i = 0; i < 41; i++) body[`k${i}`] = i;
    expect(refused(body).message).toMatch(/Too many attributes/);
    expect(refused({ _type: 'location', lat: 39.98, lon: 116.31, tst: 1700000000, inregions: Array(500).fill('region') }).message).toMatch(/too long/);
  });
});

describe('parseBasicAuth', () => {
  const basic = (s: string) => `Basic ${Buffer.from(s, 'utf8').toString('base64')}`;

  it('reads user and password, the password may hold colons', () => {
    expect(parseBasicAuth(basic('phone-7:s3cr:et'))).toEqual({ user: 'phone-7', password: 's3cr:et' });
    expect(parseBasicAuth(`basic   ${Buffer.from('a:b').toString('base64')}`)).toEqual({ user: 'a', password: 'b' });
    expect(parseBasicAuth(basic('u:'))).toEqual({ user: 'u', password: '' });
  });

  it('reads UTF-8', () => {
    expect(parseBasicAuth(basic('网格员:密码'))).toEqual({ user: '网格员', password: '密码' });
  });

  it('answers null for anything else', () => {
    expect(parseBasicAuth(undefined)).toBeNull();
    expect(parseBasicAuth('')).toBeNull();
    expect(parseBasicAuth('Bearer abc')).toBeNull();
    expect(parseBasicAuth('Basic')).toBeNull();
    expect(parseBasicAuth('Basic !!!!')).toBeNull();
    expect(parseBasicAuth('Basic YWJj')).toBeNull(); // "abc": no colon
    expect(parseBasicAuth(basic(':password'))).toBeNull(); // no user
    expect(parseBasicAuth('Basic YWJ')).toBeNull(); // not a whole base64 quantum
    expect(parseBasicAuth(`Basic ${Buffer.from([0x61, 0x3a, 0xff, 0xfe]).toString('base64')}`)).toBeNull(); // not UTF-8
  });
});
