import { describe, expect, it } from 'vitest';
import { parseOsmandJson, parseOsmandParams, type OsmandParse } from './osmand.domain.ts';

const NOW = new Date('2025-06-15T14:00:00Z');

/** The record the endpoint builds from a query string (or a form body): URL-decoded, '+' as a space. */
function query(q: string): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(q.replace(/^\/?\?/, '')));
}
function ok(p: OsmandParse) {
  if (!p.ok) throw new Error(`refused: ${p.reason}: ${p.message}`);
  return p;
}

describe('parseOsmandParams: what Traccar Client sends', () => {
  it('reads the Android client\'s request: seconds, knots, bearing, battery', () => {
    const p = ok(parseOsmandParams(query('id=123456&timestamp=1700000000&lat=39.98&lon=116.31&speed=0.0&bearing=0.0&altitude=55.0&accuracy=12.0&batt=87.0'), NOW));
    expect(p.deviceId).toBe('123456');
    expect(p.fix).toEqual({
      at: new Date(1_700_000_000_000), lat: 39.98, lon: 116.31, accuracy: 12, speed: 0, heading: 0, altitude: 55, battery: 87, attributes: {},
    });
  });

  it('converts speed from knots to metres per second', () => {
    const p = ok(parseOsmandParams(query('?id=123456789012345&timestamp=1504763810&lat=40.7232948571&lon=-74.0061408571&bearing=7.19889788244&speed=40&ignition=true&rpm=933&fuel=24'), NOW));
    expect(p.fix.speed).toBeCloseTo(20.5778, 4);
    expect(p.fix.heading).toBeCloseTo(7.1989, 4);
    // keys it does not know are kept as the app wrote them
    expect(p.fix.attributes).toEqual({ ignition: 'true', rpm: '933', fuel: '24' });
  });

  it('reads an ISO 8601 timestamp, URL-encoded, and keeps hdop as a number', () => {
    const p = ok(parseOsmandParams(query('/?id=902064&lat=42.06288&lon=-88.23412&timestamp=2016-01-27T18%3A55%3A47Z&hdop=6.0&altitude=224.0&speed=0.0'), NOW));
    expect(p.fix.at.toISOString()).toBe('2016-01-27T18:55:47.000Z');
    expect(p.fix.attributes).toEqual({ hdop: 6 });
    expect(p.fix.accuracy).toBeNull();
    expect(p.fix.altitude).toBe(224);
  });

  it('reads epoch milliseconds from 2^31 on', () => {
    const p = ok(parseOsmandParams(query('/?id=902064&lat=42.06288&lon=-88.23412&timestamp=1442068686579&hdop=6.0&altitude=224.0&speed=0.0'), NOW));
    expect(p.fix.at.getTime()).toBe(1_442_068_686_579);
    expect(ok(parseOsmandParams(query('id=1&lat=1&lon=1&timestamp=2147483647'), NOW)).fix.at.getTime()).toBe(2_147_483_647_000);
    expect(ok(parseOsmandParams(query('id=1&lat=1&lon=1&timestamp=2147483648'), NOW)).fix.at.getTime()).toBe(2_147_483_648);
  });

  it('reads yyyy-MM-dd HH:mm:ss as UTC, with the space written as +, and an id given last', () => {
    const p = ok(parseOsmandParams(query('/?lat=49.60688&lon=6.15788&timestamp=2014-06-04+09%3A10%3A11&altitude=384.7&speed=0.0&id=353861053849681'), NOW));
    expect(p.deviceId).toBe('353861053849681');
    expect(p.fix.at.toISOString()).toBe('2014-06-04T09:10:11.000Z');
    expect(ok(parseOsmandParams(query('id=1&lat=1&lon=1&timestamp=2016-01-01 12:00:00'), NOW)).fix.at.toISOString()).toBe('2016-01-01T12:00:00.000Z');
  });

  it('reads ISO 8601 with an offset and with fractions of a second', () => {
    const at = (ts: string) => ok(parseOsmandParams({ id: '1', lat: '1', lon: '1', timestamp: ts }, NOW)).fix.at.toISOString();
    expect(at('2025-06-15T21:45:12+08:00')).toBe('2025-06-15T13:45:12.000Z');
    expect(at('2025-06-15T13:45:12.862Z')).toBe('2025-06-15T13:45:12.862Z');
    expect(at('2025-06-15T13:45:12-0330')).toBe('2025-06-15T17:15:12.000Z');
    expect(at('2025-06-15T13:45:12')).toBe('2025-06-15T13:45:12.000Z');
  });

  it('takes the server\'s time when there is no timestamp, and deviceid for id', () => {
    const p = ok(parseOsmandParams(query('/?lat=60.0&lon=30.0&speed=0.0&heading=0.0&vacc=0&hacc=0&altitude=0&deviceid=123456'), NOW));
    expect(p.deviceId).toBe('123456');
    expect(p.fix.at).toEqual(NOW);
    expect(p.fix.heading).toBe(0);
    expect(p.fix.attributes).toEqual({ vacc: '0', hacc: '0' });
  });

  it('reads location=lat,lon', () => {
    const p = ok(parseOsmandParams(query('/?id=123456&timestamp=1377177267&location=60.0,30.0'), NOW));
    expect([p.fix.lat, p.fix.lon]).toEqual([60, 30]);
    expect(p.fix.at.getTime()).toBe(1_377_177_267_000);
  });

  it('reads OsmAnd\'s own battery and charge, and a valid flag', () => {
    const p = ok(parseOsmandParams(query('/?id=861001000719969&lat=41.666667&lon=-0.883333&altitude=350.059479&speed=0.000000&batt=87&charge=true&valid=1'), NOW));
    expect(p.fix.battery).toBe(87);
    expect(p.fix.attributes).toEqual({ charge: true });
    expect(ok(parseOsmandParams(query('id=1&lat=1&lon=1&valid=TRUE&charge=0'), NOW)).fix.attributes).toEqual({ charge: false });
  });

  it('takes negative speed, bearing and accuracy (the iPhone\'s -1) as unknown', () => {
    const p = ok(parseOsmandParams(query('id=ios1&lat=39.98&lon=116.31&speed=-1&bearing=-1&accuracy=-1&batt=-1&altitude=-12.5'), NOW));
    expect(p.fix).toMatchObject({ speed: null, heading: null, accuracy: null, battery: null, altitude: -12.5 });
  });
});

describe('parseOsmandParams: refusals', () => {
  const refused = (q: string) => {
    const p = parseOsmandParams(query(q), NOW);
    if (p.ok) throw new Error('accepted');
    return p;
  };

  it('names a missing device before anything else', () => {
    expect(refused('/?timestamp=1377177267&lat=60.0&lon=30.0')).toMatchObject({ deviceId: null, reason: 'missing_device' });
    expect(refused('id=&deviceid=%20&lat=abc').reason).toBe('missing_device');
  });

  it('refuses a request without a position (cells and wifi only) as invalid', () => {
    const p = refused('/?id=123456&timestamp=1377177267&cell=257,02,16,2224&cell=257,02,16,2223,-90&wifi=00-14-22-01-23-45,-80');
    expect(p).toMatchObject({ deviceId: '123456', reason: 'invalid' });
    expect(p.message).toMatch(/no position/);
  });

  it('refuses malformed numbers, naming the parameter', () => {
    expect(refused('id=1&lat=39.9x&lon=116.3')).toMatchObject({ reason: 'invalid', message: expect.stringMatching(/^lat /) });
    expect(refused('id=1&lat=39.9&lon=116.3&speed=fast').message).toMatch(/^speed /);
    expect(refused('id=1&lat=1&lon=1&timestamp=yesterday').message).toMatch(/timestamp/);
  });

  // each line: the query after id=1, the reason
  it.each([
    ['lat=0x1f&lon=116.3', 'invalid'], ['lat=Infinity&lon=116.3', 'invalid'], ['lat=1e999&lon=116.3', 'invalid'],
    ['location=39.9', 'invalid'], ['location=39.9,abc', 'invalid'], ['lat=1&lon=1&hdop=x', 'invalid'],
    ['lat=1&lon=1&timestamp=2024-02-30 12:00:00', 'invalid'], ['lat=1&lon=1&timestamp=2024-01-01 24:00:00', 'invalid'],
    ['lat=1&lon=1&timestamp=', 'invalid'], ['lat=1&lon=1&timestamp=-5', 'invalid'],
    ['lat=1&lon=1&timestamp=99999999999999999999', 'invalid'], ['lat=1&lon=1&timestamp=2024-01-01T00:00:00%2B25:00', 'invalid'],
    ['lat=91&lon=116.3', 'out_of_range'], ['lat=39.9&lon=-181', 'out_of_range'],
    ['lat=39.9&lon=116.3&batt=150', 'out_of_range'], ['lat=39.9&lon=116.3&bearing=400', 'out_of_range'],
    ['lat=0&lon=0', 'zero'], ['location=0.0,0.0', 'zero'],
    ['lat=39.9&lon=116.3&valid=false', 'invalid'], ['lat=39.9&lon=116.3&valid=0', 'invalid'],
  ])('refuses id=1&%s as %s', (q, reason) => {
    expect(refused(`id=1&${q}`)).toMatchObject({ deviceId: '1', reason });
  });

  it('leaves the clock\'s limits to the writer: an old or future fix parses', () => {
    expect(parseOsmandParams(query('id=1&lat=1&lon=1&timestamp=1000000000'), NOW).ok).toBe(true);
    expect(parseOsmandParams(query('id=1&lat=1&lon=1&timestamp=4000000000'), NOW).ok).toBe(true);
  });

  it('keeps a __proto__ key as an ordinary attribute and refuses floods of attributes', () => {
    const p = ok(parseOsmandParams(query('id=1&lat=1&lon=1&__proto__=x&constructor=y'), NOW));
    expect(Object.getPrototypeOf(p.fix.attributes)).toBe(Object.prototype);
    expect(JSON.parse(JSON.stringify(p.fix.attributes))).toEqual({ ['__proto__']: 'x', constructor: 'y' });
    const many = Array.from({ length: 41 }, (_, i) => `k${i}=v`).join('&');
    expect(refused(`id=1&lat=1&lon=1&${many}`).message).toMatch(/Too many attributes/);
    expect(refused(`id=1&lat=1&lon=1&note=${'x'.repeat(1000)}`).message).toMatch(/too long/);
  });
});

// Traccar Client ≥ 9 posts the background-geolocation plugin's location as JSON
const ANDROID_JSON = '{"location":{"timestamp":"2025-06-15T13:45:12.862Z","coords":{"latitude":37.4219983,"longitude":-122.084,"accuracy":5,"speed":0,"heading":-1,"altitude":5},"is_moving":false,"odometer":0,"event":"motionchange","battery":{"level":1,"is_charging":false},"activity":{"type":"still"},"extras":{},"_":"&id=48241179&lat=37.4219983&lon=-122.084&timestamp=2025-06-15T13:45:12.862Z&"},"device_id":"48241179"}';
const IOS_JSON = '{"location":{"extras":{},"mock":true,"coords":{"speed_accuracy":-1,"speed":-1,"longitude":-122.406417,"ellipsoidal_altitude":0,"floor":null,"heading_accuracy":-1,"latitude":37.785834000000001,"accuracy":5,"altitude_accuracy":-1,"altitude":0,"heading":-1},"is_moving":false,"age":188,"odometer":0,"uuid":"2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8","event":"motionchange","battery":{"level":-1,"is_charging":false},"activity":{"type":"unknown","confidence":100},"timestamp":"2025-05-09T04:11:30.579Z"},"device_id":"658765"}';
const MOVING_JSON = '{"location":{"event":"motionchange","is_moving":false,"uuid":"0e9a2473-a9a7-4c00-997b-fb97d2154e75","timestamp":"2021-07-21T08:06:34.444Z","odometer":0,"coords":{"latitude":-6.1148096,"longitude":106.6837015,"accuracy":3.8,"speed":18.67,"speed_accuracy":0.26,"heading":63,"heading_accuracy":0.28,"altitude":35.7,"altitude_accuracy":3.8},"activity":{"type":"still","confidence":100},"battery":{"is_charging":false,"level":0.79},"extras":{}},"device_id":"8737767034"}';

describe('parseOsmandJson', () => {
  it('reads the Android client\'s body: battery 0..1 as a percentage, heading -1 as unknown', () => {
    const p = ok(parseOsmandJson(JSON.parse(ANDROID_JSON), NOW));
    expect(p.deviceId).toBe('48241179');
    expect(p.fix).toEqual({
      at: new Date('2025-06-15T13:45:12.862Z'), lat: 37.4219983, lon: -122.084, accuracy: 5, speed: 0, heading: null, altitude: 5, battery: 100,
      attributes: { motion: false, odometer: 0, event: 'motionchange', charge: false, activity: 'still' },
    });
  });

  it('reads the iPhone\'s body: unknown speed, heading, altitude and battery, a mock location flagged', () => {
    const p = ok(parseOsmandJson(JSON.parse(IOS_JSON), NOW));
    expect(p.deviceId).toBe('658765');
    expect(p.fix).toMatchObject({ lat: 37.785834, lon: -122.406417, accuracy: 5, speed: null, heading: null, altitude: null, battery: null });
    expect(p.fix.at.toISOString()).toBe('2025-05-09T04:11:30.579Z');
    expect(p.fix.attributes).toMatchObject({ mock: true, activity: 'unknown', uuid: '2FB04C65-99CF-42AB-8DD3-EBCB4B108BF8' });
  });

  it('reads speed in metres per second as it comes (no knots) and 0.79 battery as 79 %', () => {
    const p = ok(parseOsmandJson(JSON.parse(MOVING_JSON), NOW));
    expect(p.fix).toMatchObject({ speed: 18.67, heading: 63, altitude: 35.7, accuracy: 3.8, battery: 79 });
  });

  it('takes a numeric device_id, an epoch timestamp, and now for a missing one', () => {
    const body = { device_id: 42, location: { timestamp: 1700000000, coords: { latitude: 39.98, longitude: 116.31 } } };
    expect(ok(parseOsmandJson(body, NOW))).toMatchObject({ deviceId: '42', fix: { at: new Date(1_700_000_000_000) } });
    const noTime = { device_id: 'a', location: { coords: { latitude: 39.98, longitude: 116.31 } } };
    expect(ok(parseOsmandJson(noTime, NOW)).fix.at).toEqual(NOW);
  });

  it('refuses what is not a fix, naming the field', () => {
    const refused = (body: unknown) => {
      const p = parseOsmandJson(body, NOW);
      if (p.ok) throw new Error('accepted');
      return p;
    };
    expect(refused(null)).toMatchObject({ deviceId: null, reason: 'invalid' });
    expect(refused([1, 2]).reason).toBe('invalid');
    expect(refused({ location: {} }).reason).toBe('missing_device');
    expect(refused({ device_id: '  ', location: {} }).reason).toBe('missing_device');
    expect(refused({ device_id: 'a' })).toMatchObject({ deviceId: 'a', reason: 'invalid', message: expect.stringMatching(/location/) });
    expect(refused({ device_id: 'a', location: { coords: {} } }).message).toMatch(/latitude is missing/);
    expect(refused({ device_id: 'a', location: { coords: { latitude: '39.9', longitude: 116.3 } } }).message).toMatch(/latitude is not a number/);
    expect(refused({ device_id: 'a', location: { coords: { latitude: 39.9, longitude: 116.3, speed: 'x' } } }).message).toMatch(/speed/);
    expect(refused({ device_id: 'a', location: { timestamp: 'soon', coords: { latitude: 39.9, longitude: 116.3 } } }).message).toMatch(/timestamp/);
    expect(refused({ device_id: 'a', location: { timestamp: true, coords: { latitude: 39.9, longitude: 116.3 } } }).reason).toBe('invalid');
    expect(refused({ device_id: 'a', location: { coords: { latitude: 0, longitude: 0 } } }).reason).toBe('zero');
    expect(refused({ device_id: 'a', location: { coords: { latitude: 95, longitude: 0 } } }).reason).toBe('out_of_range');
    // a battery level given as a percentage is out of range, not silently 8,700 %
    expect(refused({ device_id: 'a', location: { coords: { latitude: 39.9, longitude: 116.3 }, battery: { level: 87 } } }).reason).toBe('out_of_range');
    expect(refused({ device_id: 'a', location: { coords: { latitude: 39.9, longitude: 116.3 }, extras: { blob: 'x'.repeat(2000) } } }).message).toMatch(/too long/);
  });
});
