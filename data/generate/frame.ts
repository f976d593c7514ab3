/** Local metric frame of the synthetic town and its text encodings for COPY. */

/** An axis-aligned rectangle in metres: x grows east, y grows south (rows are numbered north→south). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Where the metric frame's origin sits on the globe. */
export interface Frame {
  lon0: number;
  lat0: number;
}

const M_PER_DEG_LAT = 110_574;

/** Metres per degree of longitude at the frame's latitude. */
function mPerDegLon(frame: Frame): number {
  return 111_320 * Math.cos((frame.lat0 * Math.PI) / 180);
}

// Seven decimals is ~1 cm. Longitude depends on x alone and latitude on y alone, so
// vertices that share an x (or y) in metres share the exact same text: neighbouring
// rectangles meet without slivers, which is what lets grids tile communities exactly.
/** Longitude text for an x in metres. */
export function lonText(frame: Frame, x: number): string {
  return (frame.lon0 + x / mPerDegLon(frame)).toFixed(7);
}

/** Latitude text for a y in metres (y grows southwards). */
export function latText(frame: Frame, y: number): string {
  return (frame.lat0 - y / M_PER_DEG_LAT).toFixed(7);
}

/** A frame whose origin puts the centre of a width × height area at (lon, lat). */
export function centredFrame(lon: number, lat: number, width: number, height: number): Frame {
  const provisional = { lon0: lon, lat0: lat };
  return { lon0: lon - width / 2 / mPerDegLon(provisional), lat0: lat + height / 2 / M_PER_DEG_LAT };
}

/** EWKT of a rectangle as a one-part MultiPolygon (counter-clockwise outer ring on the map). */
export function rectEwkt(frame: Frame, r: Rect): string {
  const w = lonText(frame, r.x0);
  const e = lonText(frame, r.x1);
  const n = latText(frame, r.y0);
  const s = latText(frame, r.y1);
  return `SRID=4326;MULTIPOLYGON(((${w} ${s},${e} ${s},${e} ${n},${w} ${n},${w} ${s})))`;
}

/** EWKT of a polyline given as [x, y] points in metres. */
export function lineEwkt(frame: Frame, points: readonly (readonly [number, number])[]): string {
  const coords = points.map(([x, y]) => `${lonText(frame, x)} ${latText(frame, y)}`);
  return `SRID=4326;LINESTRING(${coords.join(',')})`;
}

/** Shrinks a rectangle by `d` metres on every side (never past its centre). */
export function inset(r: Rect, d: number): Rect {
  const dx = Math.min(d, (r.x1 - r.x0) / 2 - 0.5);
  const dy = Math.min(d, (r.y1 - r.y0) / 2 - 0.5);
  return { x0: r.x0 + dx, y0: r.y0 + dy, x1: r.x1 - dx, y1: r.y1 - dy };
}

/** The i-th of n+1 evenly spaced cut lines from a to b; exact at both ends. */
export function cutLine(a: number, b: number, i: number, n: number): number {
  if (i <= 0) return a;
  if (i >= n) return b;
  return a + ((b - a) * i) / n;
}

/** Boundaries of n consecutive intervals from `start` with the given relative widths, ending exactly at `end`. */
export function splitLines(start: number, end: number, weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + w, 0);
  const lines = [start];
  let acc = 0;
  for (let i = 0; i < weights.length - 1; i++) {
    acc += weights[i] ?? 0;
    lines.push(start + ((end - start) * acc) / total);
  }
  lines.push(end);
  return lines;
}
