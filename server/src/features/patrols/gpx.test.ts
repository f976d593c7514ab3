import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GpxError, MAX_GPX_POINTS, parseGpx } from './gpx.ts';
import { screen, stops, trackDistanceM } from './track-hygiene.domain.ts';

const LIMERICK = readFileSync(new URL('../../../test/fixtures/limerick-bus-304.gpx', import.meta.url), 'utf8');

const pt = (lat: number, lon: number, time?: string, ele?: number) =>
  `<trkpt lat="${lat}" lon="${lon}">${ele === undefined ? '' : `<ele>${ele}</ele>`}${time === undefined ? '' : `<time>${time}</time>`}</trkpt>`;
const file = (body: string, head = '<?xml version="1.0" encoding="UTF-8"?>') =>
  `${head}<gpx version="1.1" creator="test" xmlns="http://www.topografix.com/GPX/1/1">${body}</gpx>`;
const seg = (...points: string[]) => `<trkseg>${points.join('')}</trkseg>`;

function gpxError(text: string): string {
  try {
    parseGpx(text);
  } catch (e) {
    expect(e).toBeInstanceOf(GpxError);
    return (e as Error).message;
  }
  throw new Error('parsed');
}

describe('parseGpx on a real recording (Strava Android, the 304 bus in Limerick)', () => {
  const { fixes, name } = parseGpx(LIMERICK);

  it('reads every point with its time and elevation, and the track name', () => {
    expect(name).toBe('304.1');
    expect(fixes).toHaveLength(2144);
    expect(fixes[0]).toEqual({
      at: new Date('2019-02-18T07:45:50Z'), lon: -8.661746, lat: 52.629151, altitude: 19.5,
      accuracy: null, speed: null, heading: null, battery: null, attributes: {},
    });
    expect(fixes.at(-1)).toMatchObject({ at: new Date('2019-02-18T09:00:26Z'), lon: -8.570741, lat: 52.672777, altitude: 16.5 });
    expect(fixes.every((f, i) => i === 0 || f.at >= fixes[i - 1]!.at)).toBe(true);
  });

  it('gives hygiene a bus ride it can screen: the jitter at stops set aside, the 14 km kept', () => {
    const out = screen(null, fixes);
    const kept = out.filter((s) => s.kept).map((s) => s.fix);
    expect(out.filter((s) => s.reason === 'stationary').length).toBeGreaterThan(100);
    expect(out.filter((s) => s.reason === 'speed_jump')).toHaveLength(0);
    const raw = trackDistanceM(fixes);
    expect(raw / 1000).toBeCloseTo(14.19, 1);
    // standing-still jitter is a few per cent of a ride's length, never the ride itself
    expect(trackDistanceM(kept)).toBeLessThan(raw);
    expect(trackDistanceM(kept)).toBeGreaterThan(0.95 * raw);
    expect(stops(kept).length).toBeGreaterThan(0);
  });
});

describe('parseGpx on hand-made files', () => {
  it('reads several segments and tracks in file order, with or without ele', () => {
    const text = file(
      `<trk><name>上午巡查</name>${seg(pt(39.98, 116.31, '2025-06-01T00:00:00Z', 50), pt(39.981, 116.31, '2025-06-01T00:01:00Z'))}`
      + `${seg(pt(39.982, 116.31, '2025-06-01T00:10:00Z', 51.5), pt(39.983, 116.31, '2025-06-01T00:11:00Z', 52))}</trk>`
      + `<trk>${seg(pt(39.99, 116.32, '2025-06-01T02:00:00Z'), pt(39.991, 116.32, '2025-06-01T02:01:00Z'))}</trk>`,
    );
    const { fixes, name } = parseGpx(text);
    expect(name).toBe('上午巡查');
    expect(fixes.map((f) => f.at.toISOString().slice(11, 16))).toEqual(['00:00', '00:01', '00:10', '00:11', '02:00', '02:01']);
    expect(fixes.map((f) => f.altitude)).toEqual([50, null, 51.5, 52, null, null]);
    expect(fixes[4]).toMatchObject({ lat: 39.99, lon: 116.32 });
  });

  it('reads XML entities and character references in names, a byte-order mark, and times with an offset', () => {
    const text = `\uFEFF${file(`<trk><name>A &amp; B &lt;北&gt; &#x7F51;&#26684;</name>${seg(pt(39.98, 116.31, '2025-06-01T08:00:00+08:00'), pt(39.981, 116.31, '2025-06-01T00:00:05.5Z'))}</trk>`)}`;
    const { fixes, name } = parseGpx(text);
    expect(name).toBe('A & B <北> 网格');
    expect(fixes.map((f) => f.at.toISOString())).toEqual(['2025-06-01T00:00:00.000Z', '2025-06-01T00:00:05.500Z']);
  });

  it('takes the name from the metadata when the track has none, and null when neither has', () => {
    const points = seg(pt(39.98, 116.31, '2025-06-01T00:00:00Z'), pt(39.981, 116.31, '2025-06-01T00:01:00Z'));
    expect(parseGpx(file(`<metadata><name>Route 5</name></metadata><trk>${points}</trk>`)).name).toBe('Route 5');
    expect(parseGpx(file(`<trk>${points}</trk>`)).name).toBeNull();
  });

  it('leaves out a one-point segment and reads the rest', () => {
    const text = file(`<trk>${seg(pt(39.97, 116.3, '2025-06-01T00:00:00Z'))}${seg(pt(39.98, 116.31, '2025-06-01T00:05:00Z'), pt(39.981, 116.31, '2025-06-01T00:06:00Z'))}</trk>`);
    expect(parseGpx(text).fixes).toHaveLength(2);
  });
});

describe('parseGpx refuses, saying why', () => {
  const two = seg(pt(39.98, 116.31, '2025-06-01T00:00:00Z'), pt(39.981, 116.31, '2025-06-01T00:01:00Z'));

  it('what is not GPX', () => {
    expect(gpxError('')).toMatch(/Not a GPX file/);
    expect(gpxError('{"type":"FeatureCollection"}')).toMatch(/Not a GPX file/);
    expect(gpxError('<html><body>hi</body></html>')).toMatch(/root element is not <gpx>/);
    expect(gpxError('<kml xmlns="http://www.opengis.net/kml/2.2"><Document/></kml>')).toMatch(/root element/);
    expect(gpxError(file(`<trk><trkseg>${pt(1, 2, '2025-06-01T00:00:00Z')}</trk>`))).toMatch(/XML cannot be read/);
  });

  it('entities it would have to expand (no entity bombs, no external files)', () => {
    const bomb = file(`<trk><name>&lol2;</name>${two}</trk>`, '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>');
    expect(gpxError(bomb)).toMatch(/XML cannot be read/);
    const xxe = file(`<trk><name>&xxe;</name>${two}</trk>`, '<?xml version="1.0"?><!DOCTYPE gpx [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>');
    expect(gpxError(xxe)).toMatch(/XML cannot be read/);
  });

  it('a file without a track: waypoints or a route only', () => {
    expect(gpxError(file('<wpt lat="39.98" lon="116.31"><time>2025-06-01T00:00:00Z</time></wpt>'))).toMatch(/no track/);
    expect(gpxError(file(`<rte><rtept lat="39.98" lon="116.31"/><rtept lat="39.99" lon="116.31"/></rte>`))).toMatch(/no track/);
    expect(gpxError(file('<trk><name>empty</name><trkseg/></trk>'))).toMatch(/no track/);
  });

  it('points without a time, in one segment or another', () => {
    expect(gpxError(file(`<trk>${seg(pt(39.98, 116.31), pt(39.981, 116.31))}</trk>`))).toMatch(/2 track points have no <time>/);
    expect(gpxError(file(`<trk>${seg(pt(39.98, 116.31, '2025-06-01T00:00:00Z'), pt(39.981, 116.31))}</trk>`))).toMatch(/1 track points have no <time>/);
    expect(gpxError(file(`<trk>${seg(pt(39.98, 116.31), pt(39.981, 116.31))}${two}</trk>`))).toMatch(/no <time>/);
    expect(gpxError(file(`<trk>${two}${seg(pt(39.98, 116.31), pt(39.981, 116.31))}</trk>`))).toMatch(/no <time>/);
    expect(gpxError(file(`<trk>${seg(pt(39.98, 116.31, ''), pt(39.981, 116.31, '2025-06-01T00:01:00Z'))}</trk>`))).toMatch(/no <time>/);
  });

  it('unreadable times and coordinates', () => {
    expect(gpxError(file(`<trk>${seg(pt(39.98, 116.31, 'yesterday'), pt(39.981, 116.31, '2025-06-01T00:01:00Z'))}</trk>`))).toMatch(/point 1 has an unreadable <time>/);
    const badLat = `<trkpt lat="north" lon="116.31"><time>2025-06-01T00:02:00Z</time></trkpt>`;
    expect(gpxError(file(`<trk>${seg(pt(39.98, 116.31, '2025-06-01T00:00:00Z'), pt(39.981, 116.31, '2025-06-01T00:01:00Z'), badLat)}</trk>`))).toMatch(/1 track points have no readable lat and lon/);
  });

  it(`more than ${MAX_GPX_POINTS.toLocaleString('en')} points, before building the document`, () => {
    const many = '<trkpt lat="39.98" lon="116.31"><time>2025-06-01T00:00:00Z</time></trkpt>'.repeat(MAX_GPX_POINTS + 1);
    expect(gpxError(file(`<trk><trkseg>${many}</trkseg></trk>`))).toMatch(/200001 points: at most 200000/);
  });
});
