/**
 * Base-data import rules: which properties each kind needs, unique codes and ids, the
 * jurisdiction an import belongs to, and the decision whether data looks shifted (GCJ-02).
 */
import type { ZodType } from 'zod';
import {
  checkFeatures, duplicateProblems, firstPosition, MAX_FEATURES_PER_FILE, MAX_VERTICES_PER_BOUNDARY, MAX_VERTICES_PER_GEOMETRY, readFeatureCollection, toWgs84,
  type Geometry, type ImportProblem, type InputFeature, type SourceCrs,
} from './geojson.domain.ts';
import { buildingProps, jurisdictionProps, roadProps, type ImportKind } from './imports.schema.ts';

/** One feature ready for PostGIS: WGS-84 geometry and normalised properties. */
export interface ImportRow<P> {
  index: number;
  id?: string;
  geometry: Geometry;
  props: P;
}

export interface ParsedBuilding {
  osmId: string | null;
  name: string | null;
  address: string | null;
  kind: string;
  floors: number | null;
  households: number;
  compound: string | null;
}
export interface ParsedRoad {
  osmId: string | null;
  name: string | null;
  class: string;
}
export interface ParsedJurisdiction {
  code: string;
  name: string;
  level: 'county' | 'town' | 'community';
  householdMin: number | null;
  householdMax: number | null;
}
export type ParsedProps = ParsedBuilding | ParsedRoad | ParsedJurisdiction;

/** Applies a zod schema to each feature's properties; every failing field becomes a located problem. */
function parseProps<S, P>(features: InputFeature[], schema: ZodType<S>, map: (s: S) => P): { rows: ImportRow<P>[]; problems: ImportProblem[] } {
  const rows: ImportRow<P>[] = [];
  const problems: ImportProblem[] = [];
  for (const f of features) {
    const id = f.id;
    const result = schema.safeParse(f.properties);
    const location = firstPosition(f.geometry);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const field = `properties.${issue.path.join('.')}`;
        const missing = issue.code === 'invalid_type' && f.properties[String(issue.path[0])] === undefined;
        problems.push({ index: f.index, ...(id ? { id } : {}), field, message: missing ? 'missing' : issue.message, ...(location ? { location } : {}) });
      }
      continue;
    }
    rows.push({ index: f.index, ...(id ? { id } : {}), geometry: f.geometry, props: map(result.data) });
  }
  return { rows, problems };
}

const KIND_RULES = {
  buildings: {
    family: 'polygon',
    maxVertices: MAX_VERTICES_PER_GEOMETRY,
    parse: (fs: InputFeature[]) => parseProps(fs, buildingProps, (p): ParsedBuilding => ({
      osmId: p.id ?? p.osm_id ?? null, name: p.name ?? null, address: p.address ?? null, kind: p.kind ?? 'residential',
      floors: p.floors ?? null, households: p.households, compound: p.compound ?? null,
    })),
  },
  roads: {
    family: 'line',
    maxVertices: MAX_VERTICES_PER_GEOMETRY,
    parse: (fs: InputFeature[]) => parseProps(fs, roadProps, (p): ParsedRoad => ({
      osmId: p.id ?? p.osm_id ?? null, name: p.name ?? null, class: p.class ?? p.highway ?? 'unclassified',
    })),
  },
  jurisdictions: {
    family: 'polygon',
    maxVertices: MAX_VERTICES_PER_BOUNDARY,
    parse: (fs: InputFeature[]) => parseProps(fs, jurisdictionProps, (p): ParsedJurisdiction => ({
      code: p.code, name: p.name, level: p.level, householdMin: p.household_min ?? null, householdMax: p.household_max ?? null,
    })),
  },
} as const;

/** What a file holds once read: rows that can go to PostGIS and every problem found so far. */
export interface ParsedImport {
  kind: ImportKind;
  total: number;
  rows: ImportRow<ParsedProps>[];
  problems: ImportProblem[];
}

/**
 * Reads and checks a base-data file of one kind, converting GCJ-02/BD-09 to WGS-84 when told.
 * A file over MAX_FEATURES_PER_FILE is not read further: `total` says so and the caller refuses it.
 */
export function parseImport(kind: ImportKind, text: string, opts: { jurisdiction: string; crs: SourceCrs }): ParsedImport {
  const file = readFeatureCollection(text);
  if (file.features.length > MAX_FEATURES_PER_FILE) return { kind, total: file.features.length, rows: [], problems: [] };
  const rule = KIND_RULES[kind];
  const checked = checkFeatures(file.features, rule.family, rule.maxVertices);
  const parsed = rule.parse(checked.features) as { rows: ImportRow<ParsedProps>[]; problems: ImportProblem[] };
  const rows = parsed.rows.map((r) => ({ ...r, geometry: toWgs84(r.geometry, opts.crs) }));
  const problems = [...file.problems, ...checked.problems, ...parsed.problems, ...ruleProblems(kind, rows, opts.jurisdiction)];
  return { kind, total: file.features.length, rows, problems: problems.sort(byIndex) };
}

const byIndex = (a: ImportProblem, b: ImportProblem) => (a.index ?? -1) - (b.index ?? -1);

/** Cross-feature rules: unique codes/ids; jurisdictions must lie under the one the import is for. */
function ruleProblems(kind: ImportKind, rows: ImportRow<ParsedProps>[], jurisdiction: string): ImportProblem[] {
  if (kind === 'jurisdictions') {
    const js = rows as ImportRow<ParsedJurisdiction>[];
    const outside = js.filter((r) => !r.props.code.startsWith(jurisdiction)).map((r) => ({
      index: r.index, id: r.props.code, field: 'properties.code',
      message: `Code ${r.props.code} is not under the jurisdiction ${jurisdiction} this import is for`,
    }));
    return [...duplicateProblems(js.map((r) => ({ index: r.index, value: r.props.code })), 'code'), ...outside];
  }
  const ids = (rows as ImportRow<ParsedBuilding | ParsedRoad>[]).map((r) => ({ index: r.index, value: r.props.osmId ?? undefined }));
  return kind === 'buildings' ? duplicateProblems(ids, 'id') : [];
}

/** Share of sampled features that match the existing data as given and after undoing a GCJ-02/BD-09 shift. */
export interface ShiftScores {
  sample: number;
  asIs: number;
  gcj02: number;
  bd09: number;
  /** Median distance (m) between the as-given and GCJ-02-corrected positions. */
  gcjOffsetM: number;
}

/**
 * A shift problem when the data fits the existing base data much better after undoing a Chinese
 * datum offset (GCJ-02 moves points ~300–700 m): the file was most likely exported from a Chinese web map.
 */
export function shiftProblem(s: ShiftScores, location?: [number, number]): ImportProblem | null {
  if (s.sample < 3) return null;
  const best = s.gcj02 >= s.bd09 ? { crs: 'gcj02', score: s.gcj02, name: 'GCJ-02 (火星坐标, Gaode/Tencent/Google China)' }
    : { crs: 'bd09', score: s.bd09, name: 'BD-09 (Baidu)' };
  if (best.score < 0.5 || s.asIs > best.score / 2) return null;
  return {
    index: null, field: 'crs', ...(location ? { location } : {}),
    message: `The data sits about ${Math.round(s.gcjOffsetM)} m off the existing base data: only ${pct(s.asIs)} of the sampled features match it as given, ` +
      `${pct(best.score)} after converting from ${best.name}. It looks like ${best.crs.toUpperCase()} data: import it again with crs=${best.crs}`,
  };
}
const pct = (x: number) => `${Math.round(x * 100)}%`;

/** An evenly spread sample of rows (at most `n`), for the shift check. */
export function sampleRows<T>(rows: T[], n: number): T[] {
  if (rows.length <= n) return rows;
  const step = rows.length / n;
  return Array.from({ length: n }, (_, i) => rows[Math.floor(i * step)]!);
}
