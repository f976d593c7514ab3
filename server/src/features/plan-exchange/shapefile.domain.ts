/**
 * A zipped ESRI Shapefile of polygons (.shp/.shx/.dbf/.prj/.cpg) in WGS-84 with UTF-8 attributes.
 * Written here rather than with @mapbox/shp-write, whose dBase writer stores one byte per UTF-16
 * unit (Chinese names come out broken), writes no .cpg and puts Polygon and MultiPolygon
 * features into two layers under the same file name.
 */
import { strToU8, zipSync } from 'fflate';

type Ring = number[][];
/** One polygon feature: its polygons (outer ring first, then holes) and attribute values. */
export interface ShapeFeature {
  polygons: Ring[][];
  attributes: Record<string, string | number | boolean | null>;
}
/** A dBase field: name ≤ 10 ASCII characters, C = text (bytes ≤ 254), N = number. */
export interface ShapeField {
  name: string;
  type: 'C' | 'N';
  size: number;
}

const WGS84_PRJ = 'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],' +
  'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';
const POLYGON = 5;

/** Twice the signed area: positive for counter-clockwise rings. */
const signedArea = (r: Ring) => r.reduce((s, p, i) => { const q = r[(i + 1) % r.length]!; return s + p[0]! * q[1]! - q[0]! * p[1]!; }, 0);
/** Shapefile rings: outer rings clockwise, holes counter-clockwise (the reverse of RFC 7946). */
const orient = (r: Ring, outer: boolean) => ((signedArea(r) > 0) === outer ? [...r].reverse() : r);

function bbox(points: number[][]): [number, number, number, number] {
  const xs = points.map((p) => p[0]!);
  const ys = points.map((p) => p[1]!);
  return xs.length ? [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] : [0, 0, 0, 0];
}

function header(view: DataView, bytes: number, box: [number, number, number, number]) {
  view.setInt32(0, 9994);
  view.setInt32(24, bytes / 2);
  view.setInt32(28, 1000, true);
  view.setInt32(32, POLYGON, true);
  box.forEach((v, i) => view.setFloat64(36 + i * 8, v, true));
}

/** .shp and .shx of polygon records. */
function writeGeometry(features: ShapeFeature[]): { shp: Uint8Array; shx: Uint8Array } {
  const records = features.map((f) => f.polygons.flatMap((poly) => poly.map((ring, i) => orient(ring, i === 0))));
  const sizes = records.map((rings) => 44 + 4 * rings.length + 16 * rings.reduce((n, r) => n + r.length, 0));
  const shp = new DataView(new ArrayBuffer(100 + sizes.reduce((n, s) => n + 8 + s, 0)));
  const shx = new DataView(new ArrayBuffer(100 + 8 * records.length));
  const all = records.flat(2);
  header(shp, shp.byteLength, bbox(all));
  header(shx, shx.byteLength, bbox(all));
  let at = 100;
  records.forEach((rings, i) => {
    shx.setInt32(100 + i * 8, at / 2);
    shx.setInt32(104 + i * 8, sizes[i]! / 2);
    shp.setInt32(at, i + 1);
    shp.setInt32(at + 4, sizes[i]! / 2);
    shp.setInt32(at + 8, POLYGON, true);
    bbox(rings.flat()).forEach((v, k) => shp.setFloat64(at + 12 + k * 8, v, true));
    shp.setInt32(at + 44, rings.length, true);
    shp.setInt32(at + 48, rings.reduce((n, r) => n + r.length, 0), true);
    let start = 0;
    rings.forEach((r, k) => { shp.setInt32(at + 52 + k * 4, start, true); start += r.length; });
    let p = at + 52 + rings.length * 4;
    for (const [x, y] of rings.flat()) { shp.setFloat64(p, x!, true); shp.setFloat64(p + 8, y!, true); p += 16; }
    at += 8 + sizes[i]!;
  });
  return { shp: new Uint8Array(shp.buffer), shx: new Uint8Array(shx.buffer) };
}

/** UTF-8 bytes of `text` cut to at most `max` bytes without splitting a character. */
function utf8Within(text: string, max: number): Uint8Array {
  let bytes = strToU8(text);
  while (bytes.length > max) bytes = strToU8((text = text.slice(0, -1)));
  return bytes;
}

/** The dBase III table of attributes (text as UTF-8, as the .cpg says). */
function writeDbf(features: ShapeFeature[], fields: ShapeField[], now: Date): Uint8Array {
  const recordLength = 1 + fields.reduce((n, f) => n + f.size, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const out = new Uint8Array(headerLength + recordLength * features.length + 1);
  const view = new DataView(out.buffer);
  out.set([3, now.getUTCFullYear() - 1900, now.getUTCMonth() + 1, now.getUTCDate()], 0);
  view.setUint32(4, features.length, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  fields.forEach((f, i) => {
    out.set(strToU8(f.name.slice(0, 10)), 32 + i * 32);
    out[32 + i * 32 + 11] = f.type.charCodeAt(0);
    out[32 + i * 32 + 16] = f.size;
  });
  out[headerLength - 1] = 0x0d;
  out.fill(0x20, headerLength, out.length - 1);
  features.forEach((feature, r) => {
    let at = headerLength + r * recordLength + 1;
    for (const f of fields) {
      const v = feature.attributes[f.name];
      const text = v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? 'T' : 'F') : String(v);
      const bytes = utf8Within(text, f.size);
      out.set(bytes, f.type === 'N' ? at + f.size - bytes.length : at);
      at += f.size;
    }
  });
  out[out.length - 1] = 0x1a;
  return out;
}

/** A zip holding `<name>.shp/.shx/.dbf/.prj/.cpg`. */
export function writeShapefileZip(name: string, fields: ShapeField[], features: ShapeFeature[], now = new Date()): Uint8Array {
  const { shp, shx } = writeGeometry(features);
  return zipSync({
    [`${name}.shp`]: shp, [`${name}.shx`]: shx, [`${name}.dbf`]: writeDbf(features, fields, now),
    [`${name}.prj`]: strToU8(WGS84_PRJ), [`${name}.cpg`]: strToU8('UTF-8'),
  });
}
