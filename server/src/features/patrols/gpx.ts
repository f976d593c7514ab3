/**
 * GPX 1.1 tracks (trk/trkseg/trkpt with time, ele optional) into fixes, for importing a past patrol
 * recorded by another app. @tmcw/togeojson reads the tracks; @xmldom/xmldom is its DOM in Node, and it
 * expands no DTD entities (no external files, no entity bombs).
 */
import { gpx } from '@tmcw/togeojson';
import { DOMParser, type Document } from '@xmldom/xmldom';
import type { RawFix } from './fix.ts';
import { parseTimestamp } from './protocol-values.domain.ts';

/** A track file needs no more: a day's walk at one fix a second is 30,000 points. */
export const MAX_GPX_POINTS = 200_000;

/** Why a file cannot be imported, in words for the person who chose it. */
export class GpxError extends Error {
  override name = 'GpxError';
}

type Position = number[];
interface TrackFeature {
  geometry: { type: 'LineString'; coordinates: Position[] } | { type: 'MultiLineString'; coordinates: Position[][] } | null;
  properties: { _gpxType?: string; name?: unknown; coordinateProperties?: { times?: string[] | string[][] } } | null;
}

function parseXml(text: string): Document {
  const errors: string[] = [];
  let doc: Document;
  try {
    doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') errors.push(message); } })
      .parseFromString(text.replace(/^\uFEFF/, ''), 'text/xml');
  } catch (e) {
    throw new GpxError(`Not a GPX file: the XML cannot be read (${firstLine((e as Error).message)})`);
  }
  if (errors.length) throw new GpxError(`Not a GPX file: the XML cannot be read (${firstLine(errors[0]!)})`);
  if (doc.documentElement?.localName !== 'gpx') throw new GpxError('Not a GPX file: its root element is not <gpx>');
  return doc;
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 200);
}

/** The segments of a track with their times, checked to be one time per point. */
function segments(feature: TrackFeature): { coords: Position[]; times: string[] }[] {
  const g = feature.geometry;
  if (!g) return [];
  const lines = g.type === 'LineString' ? [g.coordinates] : g.coordinates;
  const raw = feature.properties?.coordinateProperties?.times ?? [];
  const times = (g.type === 'LineString' ? [raw] : raw) as string[][];
  return lines.map((coords, i) => {
    const t = times[i] ?? [];
    // togeojson leaves a point without <time> out of the times but keeps it in the line
    if (t.length !== coords.length) throw new GpxError(`${coords.length - t.length} track points have no <time>: a patrol needs the time of every point`);
    return { coords, times: t };
  });
}

function toFix(position: Position, time: string, index: number): RawFix {
  const at = parseTimestamp(time);
  if (!at) throw new GpxError(`Track point ${index + 1} has an unreadable <time>: ${time.slice(0, 40)}`);
  const [lon, lat, ele] = position as [number, number, number | undefined];
  return { at, lon, lat, altitude: ele ?? null, accuracy: null, speed: null, heading: null, battery: null, attributes: {} };
}

function countPoints(doc: Document): number {
  return doc.getElementsByTagNameNS('*', 'trkpt').length;
}

/** Segments of one point: togeojson leaves them out (a line needs two). */
function onePointSegments(doc: Document): number {
  let n = 0;
  const segs = doc.getElementsByTagNameNS('*', 'trkseg');
  for (let i = 0; i < segs.length; i++) if (segs[i]!.getElementsByTagNameNS('*', 'trkpt').length === 1) n++;
  return n;
}

function trackName(doc: Document, tracks: TrackFeature[]): string | null {
  const own = tracks.map((t) => t.properties?.name).find((n): n is string => typeof n === 'string' && n.trim() !== '');
  const meta = doc.getElementsByTagNameNS('*', 'metadata')[0]?.getElementsByTagNameNS('*', 'name')[0]?.textContent ?? null;
  const name = (own ?? meta)?.trim();
  return name ? name.slice(0, 200) : null;
}

/**
 * The fixes of every track of a GPX file, in file order, and the track's name. Throws a GpxError for a
 * file that is not GPX, has no track, has points without a time or unreadable coordinates, or more than
 * MAX_GPX_POINTS points. One-point segments are left out (they draw no line).
 */
export function parseGpx(text: string): { fixes: RawFix[]; name: string | null } {
  // count before building a DOM for an enormous file
  const rough = text.match(/<([\w.-]+:)?trkpt[\s/>]/g)?.length ?? 0;
  if (rough > MAX_GPX_POINTS) throw new GpxError(`The track has ${rough} points: at most ${MAX_GPX_POINTS} can be imported at once`);
  const doc = parseXml(text);
  const tracks = (gpx(doc as unknown as Parameters<typeof gpx>[0]).features as TrackFeature[]).filter((f) => f.properties?._gpxType === 'trk');
  const fixes: RawFix[] = [];
  for (const track of tracks) {
    for (const { coords, times } of segments(track)) {
      coords.forEach((p, i) => fixes.push(toFix(p, times[i]!, fixes.length)));
    }
  }
  const points = countPoints(doc);
  if (fixes.length === 0) {
    throw new GpxError(points ? 'The file has no track of two or more readable points' : 'The file has no track (<trk> with <trkpt> points)');
  }
  const oneOff = onePointSegments(doc);
  if (fixes.length + oneOff < points) throw new GpxError(`${points - oneOff - fixes.length} track points have no readable lat and lon`);
  return { fixes, name: trackName(doc, tracks) };
}
