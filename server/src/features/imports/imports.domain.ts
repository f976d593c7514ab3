/**
 * Base-data import rules: which properties each kind needs, unique codes and ids, the
 * jurisdiction an import belongs to, and the decision whether data looks shifted (GCJ-02).
 */
import type { ZodType } from 'zod';
import {
  checkFeatures, duplicateProblems, firstPosition, MAX_FEATURES_PER_FILE, MAX_VERTICES_PER_BOUNDARY, MAX_VERTICES_PER_GEOMETRY, readFeatureCollection, toWgs84,
  type Geometry, type ImportProblem, type InputFeature, type SourceCrs,
} from './geojson.domain.ts';
import { buildingKind, missingHint, readHouseholds, type HouseholdValues } from './imports.households.ts';
import { invalidProperty } from './imports.problems.ts';
import {
  buildingProps, householdOptions, jurisdictionProps, landcoverProps, REMOVABLE_KINDS, roadProps, type HouseholdOptions, type ImportKind,
} from './imports.schema.ts';

/** One feature ready for PostGIS: WGS-84 geometry and normalised properties. */
export interface ImportRow<P> {
  index: number;
  id?: string;
  geometry: Geometry;
  props: P;
}

export interface ParsedBuilding extends HouseholdValues {
  osmId: string | null;
  name: string | null;
  address: string | null;
  kind: string;
  compound: string | null;
}
export interface ParsedRoad {
  osmId: string | null;
  name: string | null;
  class: string;
}
export interface ParsedLandcover {
  osmId: string | null;
  name: string | null;
}
export interface ParsedJurisdiction {
  code: string;
  name: string;
  level: 'county' | 'town' | 'community';
  householdMin: number | null;
  householdMax: number | null;
}
export type ParsedProps = ParsedBuilding | ParsedRoad | ParsedLandcover | ParsedJurisdiction;

/** Features of a file that lack a property, by property, to be reported once per property. */
type Missing = Map<string, InputFeature[]>;
const noteMissing = (missing: Missing, property: string, f: InputFeature) => missing.set(property, [...(missing.get(property) ?? []), f]);

/** Applies a zod schema to each feature's properties; every failing field becomes a located problem, missing ones are noted. */
function parseProps<S, P>(features: InputFeature[], schema: ZodType<S>, map: (s: S, f: InputFeature) => P, missing: Missing) {
  const rows: ImportRow<P>[] = [];
  const problems: ImportProblem[] = [];
  for (const f of features) {
    const id = f.id;
    const result = schema.safeParse(f.properties);
    const location = firstPosition(f.geometry);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const name = String(issue.path[0]);
        if (f.properties[name] === undefined && issue.path.length === 1) {
          noteMissing(missing, name, f);
          continue;
        }
        const field = issue.path.join('.');
        problems.push({ index: f.index, ...(id ? { id } : {}), field: `properties.${field}`, ...invalidProperty(issue, field, f.properties[name]),
          ...(location ? { location } : {}) });
      }
      continue;
    }
    rows.push({ index: f.index, ...(id ? { id } : {}), geometry: f.geometry, props: map(result.data, f) });
  }
  return { rows, problems };
}

/** Buildings: the common properties, their kind (OSM/Tilezen values resolved) and households by the file's options. */
function parseBuildings(features: InputFeature[], o: HouseholdOptions, missing: Missing, warnings: ImportProblem[]) {
  const assumed = new Map<string, number>();
  const read = parseProps(features, buildingProps, (p, f) => {
    const kind = buildingKind(p);
    return { p, f, kind: kind.kind, assumed: kind.assumed };
  }, missing);
  const rows: ImportRow<ParsedBuilding>[] = [];
  const problems = read.problems;
  for (const { props: { p, f, kind, assumed: value } } of read.rows) {
    const h = readHouseholds(f, kind, o);
    if (!h.ok) {
      problems.push(...h.problems);
      if (h.missing) noteMissing(missing, h.missing, f);
      continue;
    }
    if (value) assumed.set(value, (assumed.get(value) ?? 0) + 1);
    rows.push({ index: f.index, ...(f.id ? { id: f.id } : {}), geometry: f.geometry, props: {
      osmId: p.id ?? p.osm_id ?? null, name: p.name ?? null, address: p.address ?? null, kind, compound: p.compound ?? null, ...h.values,
    } });
  }
  if (assumed.size) warnings.push(assumedKindWarning(assumed));
  return { rows, problems };
}

function assumedKindWarning(assumed: Map<string, number>): ImportProblem {
  const n = [...assumed.values()].reduce((a, b) => a + b, 0);
  const values = [...assumed].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([v, c]) => `${v} ×${c}`).join(', ');
  return { index: null, field: 'properties.kind', code: 'kind_assumed', params: { n, values },
    message: `${n} building${n === 1 ? '' : 's'} named no use Wangge knows (${values}); taken as residential` };
}

const KIND_RULES = {
  buildings: { family: 'polygon', maxVertices: MAX_VERTICES_PER_GEOMETRY },
  roads: { family: 'line', maxVertices: MAX_VERTICES_PER_GEOMETRY },
  water: { family: 'polygon', maxVertices: MAX_VERTICES_PER_GEOMETRY },
  green: { family: 'polygon', maxVertices: MAX_VERTICES_PER_GEOMETRY },
  jurisdictions: { family: 'polygon', maxVertices: MAX_VERTICES_PER_BOUNDARY },
} as const;

function parseKind(kind: ImportKind, fs: InputFeature[], o: HouseholdOptions, missing: Missing, warnings: ImportProblem[]) {
  if (kind === 'buildings') return parseBuildings(fs, o, missing, warnings);
  if (kind === 'roads') {
    return parseProps(fs, roadProps, (p): ParsedRoad => ({ osmId: p.id ?? p.osm_id ?? null, name: p.name ?? null, class: p.class ?? p.highway ?? 'unclassified' }), missing);
  }
  if (kind === 'jurisdictions') {
    return parseProps(fs, jurisdictionProps, (p): ParsedJurisdiction => ({
      code: p.code, name: p.name, level: p.level, householdMin: p.household_min ?? null, householdMax: p.household_max ?? null,
    }), missing);
  }
  return parseProps(fs, landcoverProps, (p): ParsedLandcover => ({ osmId: p.id ?? p.osm_id ?? null, name: p.name ?? null }), missing);
}

/**
 * One problem per missing property: located on the feature when only one lacks it, else counted
 * once for the file ("42 of 50 features have no households property") with what to do about it.
 */
export function missingProblems(missing: Missing, total: number, hintOf: (property: string) => { hint: string; text: string }): ImportProblem[] {
  return [...missing].map(([property, fs]): ImportProblem => {
    const first = fs[0]!;
    const location = firstPosition(first.geometry);
    if (fs.length === 1) {
      return { index: first.index, ...(first.id ? { id: first.id } : {}), field: `properties.${property}`, code: 'missing_property',
        params: { property }, message: 'missing', ...(location ? { location } : {}) };
    }
    const { hint, text } = hintOf(property);
    return { index: null, field: `properties.${property}`, code: 'missing_properties', params: { n: fs.length, total, property, first: first.index + 1, hint },
      message: `${fs.length} of ${total} features have no ${property} property (the first is #${first.index + 1})${text ? `; ${text}` : ''}`,
      ...(location ? { location } : {}) };
  });
}

/** What a file holds once read: rows that can go to PostGIS and every problem found so far. */
export interface ParsedImport {
  kind: ImportKind;
  total: number;
  rows: ImportRow<ParsedProps>[];
  problems: ImportProblem[];
  /** What was assumed and the import went on with (counted once per file). */
  warnings: ImportProblem[];
}

/**
 * Reads and checks a base-data file of one kind, converting GCJ-02/BD-09 to WGS-84 when told.
 * A file over MAX_FEATURES_PER_FILE is not read further: `total` says so and the caller refuses it.
 * A replace of roads, water or green may be empty: it removes that layer in the jurisdiction.
 */
export function parseImport(kind: ImportKind, text: string, opts: ParseOptions): ParsedImport {
  const file = readFeatureCollection(text, { allowEmpty: opts.mode === 'replace' && REMOVABLE_KINDS.includes(kind) });
  if (file.features.length > MAX_FEATURES_PER_FILE) return { kind, total: file.features.length, rows: [], problems: [], warnings: [] };
  const rule = KIND_RULES[kind];
  const checked = checkFeatures(file.features, rule.family, rule.maxVertices);
  const households = opts.households ?? householdOptions.parse({});
  const missing: Missing = new Map();
  const warnings: ImportProblem[] = [];
  const parsed = parseKind(kind, checked.features, households, missing, warnings) as { rows: ImportRow<ParsedProps>[]; problems: ImportProblem[] };
  const rows = parsed.rows.map((r) => ({ ...r, geometry: toWgs84(r.geometry, opts.crs) }));
  const problems = [...file.problems, ...checked.problems, ...parsed.problems, ...ruleProblems(kind, rows, opts.jurisdiction),
    ...missingProblems(missing, file.features.length, (p) => missingHint(p, households))];
  return { kind, total: file.features.length, rows, problems: problems.sort(byIndex), warnings };
}

/** How to read a file: the target, its coordinate system, the mode and (buildings) where households come from. */
export interface ParseOptions {
  jurisdiction: string;
  crs: SourceCrs;
  mode?: 'add' | 'replace';
  households?: HouseholdOptions;
}

const byIndex = (a: ImportProblem, b: ImportProblem) => (a.index ?? -1) - (b.index ?? -1);

/** Cross-feature rules: unique codes/ids; jurisdictions must lie under the one the import is for. */
function ruleProblems(kind: ImportKind, rows: ImportRow<ParsedProps>[], jurisdiction: string): ImportProblem[] {
  if (kind === 'jurisdictions') {
    const js = rows as ImportRow<ParsedJurisdiction>[];
    const outside = js.filter((r) => !r.props.code.startsWith(jurisdiction)).map((r): ImportProblem => ({
      index: r.index, id: r.props.code, field: 'properties.code', code: 'not_under_target', params: { code: r.props.code, jurisdiction },
      message: `Code ${r.props.code} is not under the jurisdiction ${jurisdiction} this import is for`,
    }));
    return [...duplicateProblems(js.map((r) => ({ index: r.index, value: r.props.code })), 'code'), ...outside];
  }
  const ids = (rows as ImportRow<ParsedBuilding | ParsedRoad | ParsedLandcover>[]).map((r) => ({ index: r.index, value: r.props.osmId ?? undefined }));
  return kind === 'buildings' ? duplicateProblems(ids, 'id') : [];
}

/** Shares of a sample fitting a reference as given and after undoing a GCJ-02/BD-09 shift. */
export interface ShiftShares {
  asIs: number;
  gcj02: number;
  bd09: number;
}
/**
 * What the sample was compared with: `match` = stored data of the same kind (share matching it),
 * `avoid` = other base data (share not colliding with it), `inside` = the jurisdiction's boundaries.
 */
export interface ShiftReference {
  rule: 'match' | 'avoid' | 'inside';
  /** What it is, for clients: buildings, roads, water, green, jurisdictions (stored data) or boundaries. */
  ref: string;
  against: string;
}
export interface ShiftScores extends ShiftShares, Partial<ShiftReference> {
  sample: number;
  /** Median distance (m) between the as-given and GCJ-02-corrected positions (BD-09 when that is suggested). */
  gcjOffsetM: number;
  bd09OffsetM?: number;
}

/** Whether a corrected reading fits a reference clearly better than the data as given. */
function shifted(rule: ShiftReference['rule'], asIs: number, best: number): boolean {
  if (rule === 'match') return best >= 0.5 && asIs <= best / 2;
  // misses: share outside the boundaries / colliding with other data, as given and corrected
  const [m0, m1] = [1 - asIs, 1 - best];
  if (rule === 'inside') return m1 <= 0.1 && m0 >= 0.2 && m0 >= 3 * m1;
  return m0 >= 0.15 && m1 <= m0 / 3;
}

/**
 * A shift problem when the data fits the jurisdiction's base data or boundaries much better after
 * undoing a Chinese datum offset (GCJ-02 moves points ~300–700 m): the file was most likely exported
 * from a Chinese web map. Only asked when the caller did not name the coordinate system.
 */
export function shiftProblem(s: ShiftScores, location?: [number, number]): ImportProblem | null {
  if (s.sample < 3) return null;
  const best = s.gcj02 >= s.bd09 ? { crs: 'gcj02', score: s.gcj02, name: 'GCJ-02 (火星坐标, Gaode/Tencent/Google China)', offset: s.gcjOffsetM }
    : { crs: 'bd09', score: s.bd09, name: 'BD-09 (Baidu)', offset: s.bd09OffsetM ?? s.gcjOffsetM };
  const rule = s.rule ?? 'match';
  if (!shifted(rule, s.asIs, best.score)) return null;
  const against = s.against ?? 'the existing base data';
  const fit = rule === 'match' ? 'match it' : rule === 'inside' ? 'lie inside' : 'stay clear of it';
  const offsetM = Math.round(best.offset);
  return {
    index: null, field: 'crs', code: 'crs_shift',
    params: { offsetM, crs: best.crs, ref: s.ref ?? 'data', against, asIs: pct(s.asIs), corrected: pct(best.score) },
    ...(location ? { location } : {}),
    message: `The data sits about ${offsetM} m off ${against}: only ${pct(s.asIs)} of the sampled features ${fit} as given, ` +
      `${pct(best.score)} after converting from ${best.name}. It looks like ${best.crs.toUpperCase()} data: import it again with crs=${best.crs} ` +
      '(or crs=wgs84 if it is WGS-84 indeed)',
  };
}
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** An evenly spread sample of rows (at most `n`), for the shift check. */
export function sampleRows<T>(rows: T[], n: number): T[] {
  if (rows.length <= n) return rows;
  const step = rows.length / n;
  return Array.from({ length: n }, (_, i) => rows[Math.floor(i * step)]!);
}
