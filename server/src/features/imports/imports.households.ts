/**
 * Buildings' households and use, per file: read from a property, or derived (footprint × floors ÷ m²
 * per household, or population ÷ household size) and marked estimated; OSM/Tilezen building values
 * (kind=building, building=apartments) resolved to our kinds. Pure: PostGIS measures footprints.
 */
import type { ZodType } from 'zod';
import { firstPosition, type ImportProblem, type InputFeature } from './geojson.domain.ts';
import { invalidProperty } from './imports.problems.ts';
import { householdNumbers, MAX_HOUSEHOLDS_PER_BUILDING, type HouseholdOptions } from './imports.schema.ts';

export type BuildingKind = 'residential' | 'mixed' | 'public' | 'commercial' | 'other';
const OWN_KINDS = new Set<string>(['residential', 'mixed', 'public', 'commercial', 'other']);

// OSM building=* and Tilezen kind_detail values; anything else is a use we do not know
const TAG_KIND: Record<string, BuildingKind> = Object.fromEntries([
  ...['apartments', 'house', 'detached', 'semidetached_house', 'terrace', 'dormitory', 'bungalow', 'residences', 'flats', 'houses']
    .map((t) => [t, 'residential']),
  ...['university', 'school', 'college', 'kindergarten', 'hospital', 'public', 'civic', 'government', 'transportation',
    'train_station', 'church', 'temple', 'mosque', 'sports_hall', 'library', 'museum', 'fire_station', 'police'].map((t) => [t, 'public']),
  ...['commercial', 'office', 'retail', 'supermarket', 'hotel', 'industrial', 'warehouse', 'shop', 'kiosk', 'factory'].map((t) => [t, 'commercial']),
  ...['garage', 'garages', 'shed', 'roof', 'parking', 'service', 'construction', 'ruins', 'hut', 'toilets', 'carport'].map((t) => [t, 'other']),
]);

/**
 * Our kind of a building from `kind`, `kind_detail` (Tilezen) and `building` (OSM): the first value we
 * know wins. A building with only generic or unknown values (kind=building, building=yes) is taken as
 * residential and the value is returned as `assumed`, so the import can count them in a warning.
 */
export function buildingKind(p: { kind?: string | null; kind_detail?: string | null; building?: string | null }): { kind: BuildingKind; assumed: string | null } {
  const values = [p.kind, p.kind_detail, p.building].filter((v): v is string => !!v).map((v) => v.toLowerCase());
  for (const v of values) {
    if (OWN_KINDS.has(v)) return { kind: v as BuildingKind, assumed: null };
    const mapped = TAG_KIND[v];
    if (mapped) return { kind: mapped, assumed: null };
  }
  const field = p.kind ? 'kind' : p.kind_detail ? 'kind_detail' : p.building ? 'building' : null;
  return { kind: 'residential', assumed: field ? `${field}=${values[0]}` : null };
}

/** Households of one building as read from the file; `footprint` ones get theirs once PostGIS has measured it. */
export interface HouseholdValues {
  households: number | null;
  householdsEstimated: boolean;
  floors: number | null;
  floorsEstimated: boolean;
}

type Reading = { ok: true; values: HouseholdValues } | { ok: false; problems: ImportProblem[]; missing?: string };

/** Reads (or starts deriving) the households of one building by the file's household options. */
export function readHouseholds(f: InputFeature, kind: BuildingKind, o: HouseholdOptions): Reading {
  const problems: ImportProblem[] = [];
  const num = (name: string, schema: ZodType<number>) => {
    const raw = f.properties[name];
    if (raw === undefined || raw === null || raw === '') return undefined;
    const r = schema.safeParse(raw);
    if (r.success) return r.data;
    const location = firstPosition(f.geometry);
    problems.push({ index: f.index, ...(f.id ? { id: f.id } : {}), field: `properties.${name}`, ...invalidProperty(r.error.issues[0]!, name, raw), ...(location ? { location } : {}) });
    return null;
  };
  const given = o.households === 'property' ? num('households', householdNumbers.households)
    : o.households === 'population' ? num(o.populationProperty, householdNumbers.population) : undefined;
  const floorsRead = num(o.floorsProperty, householdNumbers.floors);
  const floors = floorsRead ?? o.defaultFloors ?? null;
  const floorsEstimated = floorsRead === undefined && floors !== null;
  if (problems.length) return { ok: false, problems };
  if (o.households === 'property') {
    if (given === undefined) return { ok: false, problems, missing: 'households' };
    return { ok: true, values: { households: given!, householdsEstimated: false, floors, floorsEstimated } };
  }
  if (o.households === 'population') {
    if (given === undefined) return { ok: false, problems, missing: o.populationProperty };
    const households = Math.round(given! / o.householdSize);
    if (households > MAX_HOUSEHOLDS_PER_BUILDING) return { ok: false, problems: [tooMany(f, households, o.populationProperty)] };
    return { ok: true, values: { households, householdsEstimated: true, floors, floorsEstimated } };
  }
  // only homes get households from their floor area; a school or an office has none
  if (floors === null && (kind === 'residential' || kind === 'mixed')) return { ok: false, problems, missing: o.floorsProperty };
  return { ok: true, values: { households: kind === 'residential' || kind === 'mixed' ? null : 0, householdsEstimated: true, floors, floorsEstimated } };
}

/** Households from footprint area (m², measured by PostGIS) × floors ÷ m² per household, for the rows still without. */
export function footprintHouseholds<R extends { index: number; id?: string; geometry: InputFeature['geometry']; props: HouseholdValues }>(
  rows: R[], areaM2: Map<number, number>, m2PerHousehold: number,
): { rows: R[]; problems: ImportProblem[] } {
  const problems: ImportProblem[] = [];
  const out = rows.map((r) => {
    if (r.props.households !== null) return r;
    const households = Math.round(((areaM2.get(r.index) ?? 0) * (r.props.floors ?? 1)) / m2PerHousehold);
    if (households > MAX_HOUSEHOLDS_PER_BUILDING) problems.push(tooMany(r, households, 'footprint'));
    return { ...r, props: { ...r.props, households } };
  });
  return { rows: out, problems };
}

function tooMany(f: { index: number; id?: string; geometry: InputFeature['geometry'] }, households: number, from: string): ImportProblem {
  const location = firstPosition(f.geometry);
  return {
    ...(location ? { location } : {}),
    index: f.index, ...(f.id ? { id: f.id } : {}), field: 'households', code: 'too_many_households', params: { households, max: MAX_HOUSEHOLDS_PER_BUILDING },
    message: `Derived ${households} households from ${from}, more than ${MAX_HOUSEHOLDS_PER_BUILDING} in one building: check the derivation options`,
  };
}

/** What to tell the caller when a property is missing, by the household option it serves: a key for clients and the English text. */
export function missingHint(property: string, o: HouseholdOptions): { hint: string; text: string } {
  if (o.households === 'property' && property === 'households') return { hint: 'derive', text: 'choose a derivation: households=footprint or households=population' };
  if (property === o.floorsProperty && o.households === 'footprint') return { hint: 'floors', text: 'give defaultFloors, or name the floors property (floorsProperty)' };
  if (property === o.populationProperty) return { hint: 'population', text: 'name the population property (populationProperty) or choose another derivation' };
  return { hint: 'fill', text: '' };
}
