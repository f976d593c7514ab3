/**
 * Reading GeoJSON files from outside: structure, coordinate sanity, declared CRS and datum shifts.
 * Pure: every problem is collected with where it is, nothing stops at the first one.
 */
import gcoord from 'gcoord';
import { findBadText } from '../../http/text.ts';
import { preview, textIssue, type ImportProblemCode, type ProblemCode } from './imports.problems.ts';

export type ProblemParams = Record<string, string | number>;

/**
 * One thing wrong with an import, located: feature index (null = the whole file), id, field, a point.
 * `code` and `params` let a client say it in its own language (every problem of a base-data or a
 * plan file has them); `message` is English, for the API and the CLI.
 */
export interface ImportProblem {
  index: number | null;
  id?: string;
  field?: string;
  code: ProblemCode;
  params?: ProblemParams;
  message: string;
  location?: [number, number];
}

export type Position = number[];
export interface Geometry {
  type: string;
  coordinates: unknown;
}
/** A feature that passed the structural checks (its geometry can be handed to PostGIS). */
export interface InputFeature {
  index: number;
  id?: string;
  geometry: Geometry;
  properties: Record<string, unknown>;
}

/**
 * Hard caps on what one file may hold, on every import path (base data over HTTP and the CLI, plan
 * files): a geometry with more vertices is refused with its feature named, a file with more features
 * is refused whole (413). 20,000 vertices is the plan editor's own cap; a district outline may be
 * finer than any building, street or grid, so jurisdictions get more.
 */
export const MAX_VERTICES_PER_GEOMETRY = 20_000;
export const MAX_VERTICES_PER_BOUNDARY = 100_000;
export const MAX_FEATURES_PER_FILE = 200_000;

export type GeometryFamily = 'polygon' | 'line';
const FAMILY: Record<GeometryFamily, string[]> = {
  polygon: ['Polygon', 'MultiPolygon'],
  line: ['LineString', 'MultiLineString'],
};

/** CRS names that mean lon/lat on WGS-84 (or CGCS2000, which differs by centimetres). */
const LONLAT_CRS = /^(EPSG:{1,2}(4326|4490)|urn:ogc:def:crs:(EPSG:[\d.]*:(4326|4490)|OGC:1\.3:CRS84)|CRS84|WGS ?84)$/i;

export type SourceCrs = 'wgs84' | 'gcj02' | 'bd09';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether parsing `prefix` fails inside it (a syntax error) rather than only by running out of text. */
function failsInside(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return false;
  } catch (err) {
    const m = (err as Error).message;
    const at = /position (\d+)/.exec(m);
    return at ? Number(at[1]) < prefix.length : !m.startsWith('Unexpected end');
  }
}

/**
 * Line and column (1-based) of a JSON syntax error. V8 names the position of some errors only; for the
 * others ("Unexpected token") the shortest prefix that fails inside it is searched (a longer one fails too).
 */
function jsonErrorAt(text: string, err: Error): { line: number; column: number } {
  const given = /position (\d+)/.exec(err.message);
  let lo = given ? Number(given[1]) : 0;
  let hi = given ? lo : text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (failsInside(text.slice(0, mid + 1))) hi = mid;
    else lo = mid + 1;
  }
  const before = text.slice(0, lo).split('\n');
  return { line: before.length, column: before[before.length - 1]!.length + 1 };
}

/** Parses the text of a GeoJSON file into features, or file-level problems (bad JSON, foreign CRS, wrong type). */
export function readFeatureCollection(text: string, opts: { allowEmpty?: boolean } = {}): { features: unknown[]; problems: ImportProblem[] } {
  let doc: unknown;
  const json = text.replace(/^\uFEFF/, '');
  try {
    doc = JSON.parse(json);
  } catch (err) {
    const at = jsonErrorAt(json, err as Error);
    return { features: [], problems: [{ index: null, code: 'invalid_json', params: at, message: `Not valid JSON (line ${at.line}, column ${at.column}): ${(err as Error).message}` }] };
  }
  if (!isObject(doc) || (doc.type !== 'FeatureCollection' && doc.type !== 'Feature')) {
    return { features: [], problems: [{ index: null, field: 'type', code: 'not_geojson', message: 'Expected a GeoJSON FeatureCollection (or one Feature)' }] };
  }
  const problems: ImportProblem[] = [];
  const crsName = isObject(doc.crs) && isObject(doc.crs.properties) ? doc.crs.properties.name : undefined;
  if (doc.crs !== undefined && doc.crs !== null && !(typeof crsName === 'string' && LONLAT_CRS.test(crsName))) {
    const crs = preview(crsName ?? doc.crs);
    problems.push({ index: null, field: 'crs', code: 'crs_declared', params: { declared: crs }, message: `The file declares the coordinate system ${crs}; ` +
      'Wangge needs WGS-84 longitude/latitude (EPSG:4326): reproject it first (e.g. ogr2ogr -t_srs EPSG:4326)' });
  }
  if (doc.type === 'Feature') return { features: [doc], problems };
  if (!Array.isArray(doc.features)) {
    return { features: [], problems: [...problems, { index: null, field: 'features', code: 'features_not_array', message: 'features must be an array' }] };
  }
  if (doc.features.length === 0 && !opts.allowEmpty) problems.push({ index: null, field: 'features', code: 'empty_file', message: 'The file holds no features' });
  return { features: doc.features, problems };
}

/** A short id for messages: the feature's `id`, or its code/id/osm_id property. */
export function featureId(f: unknown): string | undefined {
  if (!isObject(f)) return undefined;
  const p = isObject(f.properties) ? f.properties : {};
  const v = f.id ?? p.code ?? p.id ?? p.osm_id;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
}

/**
 * Where in a geometry a problem is: for clients its part (multi geometries) and ring (polygons),
 * both 1-based, ring 1 being the outer one; for the English message the path as it always read
 * ("polygon 1 ring 0", 0-based).
 */
type Where = { path: string; params: ProblemParams };
type Report = (code: ImportProblemCode, params: ProblemParams, message: string, location?: [number, number]) => void;

function checkPosition(p: unknown, w: Where, report: Report): boolean {
  if (!Array.isArray(p) || p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    report('bad_position', { ...w.params, value: preview(p) }, `${w.path}: A position must be [longitude, latitude] numbers, got ${preview(p)}`);
    return false;
  }
  const [x, y] = p as [number, number];
  if (Math.abs(x) > 180 || Math.abs(y) > 90) {
    const metres = Math.abs(x) > 1000 || Math.abs(y) > 1000;
    report(metres ? 'projected_coordinates' : 'out_of_range', { ...w.params, x, y }, `${w.path}: ${metres
      ? `Coordinates (${x}, ${y}) look like metres in a projected coordinate system, not longitude/latitude: reproject to WGS-84 (EPSG:4326)`
      : `Coordinates (${x}, ${y}) are out of range (longitude −180…180, latitude −90…90)`}`);
    return false;
  }
  return true;
}

function checkRings(poly: unknown, part: Where, report: Report): void {
  if (!Array.isArray(poly) || poly.length === 0) return report('no_rings', part.params, `${part.path}: a polygon needs at least one ring`);
  poly.forEach((ring, r) => {
    const w = { path: `${part.path} ring ${r}`, params: { ...part.params, ring: r + 1 } };
    if (!Array.isArray(ring)) return report('coordinates_not_array', w.params, `${w.path}: a ring must be an array of positions`);
    if (!ring.every((p) => checkPosition(p, w, report))) return;
    const first = ring[0] as [number, number] | undefined;
    const last = ring[ring.length - 1] as [number, number] | undefined;
    if (ring.length < 4) {
      return report('ring_too_short', { ...w.params, positions: ring.length }, `${w.path} has ${ring.length} positions; a closed ring needs at least 4`, first);
    }
    if (first![0] !== last![0] || first![1] !== last![1]) report('ring_not_closed', w.params, `${w.path} is not closed (first and last positions differ)`, first);
  });
}

function checkLine(l: unknown, w: Where, report: Report): void {
  if (!Array.isArray(l)) return report('coordinates_not_array', w.params, `${w.path}: a line must be an array of positions`);
  if (!l.every((p) => checkPosition(p, w, report))) return;
  if (l.length < 2) report('line_too_short', { ...w.params, positions: l.length }, `${w.path} needs at least 2 positions`, l[0] as [number, number] | undefined);
}

/** Checks positions, ring closure and sizes; reports the problems of one geometry (first per part). */
function checkCoordinates(g: Geometry, report: Report): void {
  const c = g.coordinates;
  if (!Array.isArray(c)) return report('coordinates_not_array', {}, 'coordinates must be an array');
  if (c.length === 0 && g.type.startsWith('Multi')) return report('no_parts', { type: g.type }, `A ${g.type} needs at least one part`);
  if (g.type === 'Polygon') checkRings(c, { path: 'polygon', params: {} }, report);
  else if (g.type === 'MultiPolygon') c.forEach((poly, i) => checkRings(poly, { path: `polygon ${i}`, params: { part: i + 1 } }, report));
  else if (g.type === 'LineString') checkLine(c, { path: 'line', params: {} }, report);
  else if (g.type === 'MultiLineString') c.forEach((l, i) => checkLine(l, { path: `line ${i}`, params: { part: i + 1 } }, report));
}

/** Positions in a geometry's coordinates (polygons, lines and their multi forms), counted without trusting their shape. */
export function vertexCount(g: Geometry): number {
  const depth = { LineString: 1, Polygon: 2, MultiLineString: 2, MultiPolygon: 3 }[g.type] ?? 0;
  const count = (c: unknown, d: number): number => (!Array.isArray(c) ? 0 : d === 1 ? c.length : c.reduce((n: number, x) => n + count(x, d - 1), 0));
  return count(g.coordinates, depth);
}

/** One problem of a geometry on its own (no feature around it). */
export interface GeometryProblem {
  code: ImportProblemCode;
  params?: ProblemParams;
  message: string;
  location?: [number, number];
}

// the type as the file has it (clipped), in the English message quoted or not as it always was
const typeProblem = (type: string, family: GeometryFamily, shown: string) => ({
  code: 'geometry_type' as const, params: { type: type.slice(0, 60), family }, message: `Geometry type ${shown} is not accepted here; expected ${FAMILY[family].join(' or ')}`,
});

/** Why a geometry of `family` cannot go to PostGIS (type, positions, rings, parts), each with a place when there is one. */
export function geometryProblems(g: unknown, family: GeometryFamily): GeometryProblem[] {
  if (!isObject(g) || typeof g.type !== 'string') return [{ code: 'no_geometry', params: {}, message: 'A geometry needs a type and coordinates' }];
  if (!FAMILY[family].includes(g.type)) return [typeProblem(g.type, family, preview(g.type))];
  const out: GeometryProblem[] = [];
  checkCoordinates(g as unknown as Geometry, (code, params, message, location) => out.push({ code, params, message, ...(location ? { location } : {}) }));
  return out;
}

/**
 * Keeps the features whose geometry PostGIS can read: the right geometry family, at most
 * `maxVertices` positions, numeric lon/lat positions in range, closed rings. Everything else
 * becomes a located problem.
 */
export function checkFeatures(raw: unknown[], family: GeometryFamily, maxVertices = MAX_VERTICES_PER_GEOMETRY): { features: InputFeature[]; problems: ImportProblem[] } {
  const features: InputFeature[] = [];
  const problems: ImportProblem[] = [];
  raw.forEach((f, index) => {
    const id = featureId(f);
    const problem = (code: ImportProblemCode, params: ProblemParams, message: string, field?: string, location?: [number, number]) =>
      problems.push({ index, ...(id ? { id } : {}), ...(field ? { field } : {}), code, params, message, ...(location ? { location } : {}) });
    if (!isObject(f) || f.type !== 'Feature') return problem('not_a_feature', {}, 'Expected a GeoJSON Feature', 'type');
    const text = findBadText({ id: f.id, properties: f.properties });
    if (text) {
      return problem('bad_text', { textIssue: textIssue(text.message) }, `The text ${text.message}`, text.path.join('.'));
    }
    const g = f.geometry;
    if (!isObject(g) || typeof g.type !== 'string') return problem('no_geometry', {}, 'The feature has no geometry', 'geometry');
    if (!FAMILY[family].includes(g.type)) {
      const p = typeProblem(g.type, family, g.type);
      return problem(p.code, p.params, p.message, 'geometry.type', firstPosition(g as unknown as Geometry));
    }
    const vertices = vertexCount(g as unknown as Geometry);
    if (vertices > maxVertices) {
      return problem('too_many_vertices', { vertices, max: maxVertices },
        `The geometry has ${vertices.toLocaleString('en')} vertices; at most ${maxVertices.toLocaleString('en')} are accepted per feature: ` +
        'simplify it (e.g. ogr2ogr -simplify) or split it', 'geometry.coordinates', firstPosition(g as unknown as Geometry));
    }
    const before = problems.length;
    checkCoordinates(g as unknown as Geometry, (code, params, m, loc) => problem(code, params, m, 'geometry.coordinates', loc));
    if (problems.length > before) return;
    // only type and coordinates go on: a geometry's own "crs" would change its SRID, and other members are not ours to keep
    const geometry: Geometry = { type: g.type, coordinates: g.coordinates };
    features.push({ index, ...(id ? { id } : {}), geometry, properties: isObject(f.properties) ? f.properties : {} });
  });
  return { features, problems };
}

/** Converts a geometry from GCJ-02 or BD-09 to WGS-84 (gcoord); WGS-84 passes through. */
export function toWgs84(g: Geometry, crs: SourceCrs): Geometry {
  if (crs === 'wgs84') return g;
  const from = crs === 'gcj02' ? gcoord.GCJ02 : gcoord.BD09;
  const copy = JSON.parse(JSON.stringify(g)) as Geometry;
  return gcoord.transform(copy as never, from, gcoord.WGS84) as unknown as Geometry;
}

/** A representative position of a geometry (its first one), for messages. */
export function firstPosition(g: Geometry): [number, number] | undefined {
  let c: unknown = g.coordinates;
  while (Array.isArray(c) && Array.isArray(c[0])) c = c[0];
  return Array.isArray(c) && typeof c[0] === 'number' && typeof c[1] === 'number' ? [c[0], c[1]] : undefined;
}

/** Problems for values that must be unique across the file (codes, ids), naming every repeat. */
export function duplicateProblems(items: { index: number; value: string | undefined }[], field: string): ImportProblem[] {
  const seen = new Map<string, number>();
  const problems: ImportProblem[] = [];
  for (const { index, value } of items) {
    if (value === undefined) continue;
    const first = seen.get(value);
    if (first === undefined) seen.set(value, index);
    else problems.push({ index, id: value, field, code: 'duplicate', params: { field, value, first: first + 1 }, message: `Duplicate ${field} ${value}: feature ${first} has it too` });
  }
  return problems;
}

/** Equirectangular distance in metres between two lon/lat points (enough for offsets of a few hundred metres). */
export function distanceM(a?: [number, number], b?: [number, number]): number {
  if (!a || !b) return 0;
  const k = Math.PI / 180;
  const x = (b[0] - a[0]) * k * Math.cos(((a[1] + b[1]) / 2) * k);
  return Math.hypot(x, (b[1] - a[1]) * k) * 6_371_000;
}
