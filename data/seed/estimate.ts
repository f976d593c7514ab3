/**
 * Estimation rules for buildings that OpenStreetMap describes only by footprint and tags.
 * OSM has no household counts and rarely `building:levels`, so floors, entrances and
 * households are derived deterministically from the footprint (see data/README.md).
 */

export type BuildingKind = 'residential' | 'mixed' | 'public' | 'commercial' | 'other';

/** What the loader measures in PostGIS for one building. */
export interface Footprint {
  /** building=* and the other OSM tags */
  tags: Readonly<Record<string, string | number | undefined>>;
  /** footprint area in m² */
  areaM2: number;
  /** sides of the minimum rotated rectangle, in metres */
  longSideM: number;
  shortSideM: number;
  /** the building's anchor lies in a residential compound (小区) */
  inResidentialCompound: boolean;
}

export interface BuildingEstimate {
  kind: BuildingKind;
  floors: number;
  floorsEstimated: boolean;
  entrances: number;
  households: number;
}

/** Share of gross floor area that is a flat's own usable space (得房率 of Beijing housing). */
export const USABLE_RATIO = 0.75;
/** Average flat size used to turn floor area into households. */
export const M2_PER_HOUSEHOLD = 90;

const RESIDENTIAL_TAGS = new Set(['residential', 'apartments', 'house', 'dormitory', 'detached', 'terrace']);
const PUBLIC_TAGS = new Set([
  'university', 'school', 'college', 'kindergarten', 'hospital', 'public', 'civic', 'government',
  'transportation', 'train_station', 'church', 'temple', 'sports_hall',
]);
const COMMERCIAL_TAGS = new Set(['commercial', 'office', 'retail', 'supermarket', 'hotel', 'industrial', 'warehouse']);

/** Classifies a building: residential by tag or by lying in a compound, else by its building=* value. */
export function buildingKind(tag: string | undefined, inResidentialCompound: boolean): BuildingKind {
  const t = tag ?? 'yes';
  if (RESIDENTIAL_TAGS.has(t)) return 'residential';
  if (PUBLIC_TAGS.has(t)) return 'public';
  if (COMMERCIAL_TAGS.has(t)) return 'commercial';
  // an untyped building inside a 小区 is almost always a housing block
  if (inResidentialCompound && (t === 'yes' || t === 'building')) return 'residential';
  return 'other';
}

/** Parses building:levels ("6", "6;7", "5.5") into whole floors, or undefined when absent or nonsense. */
export function parseLevels(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Math.round(Number(String(value).split(/[;,]/)[0]));
  return Number.isFinite(n) && n >= 1 && n <= 200 ? n : undefined;
}

/** A compact footprint (rectangle no more than 1.8:1) of tower size reads as a 塔楼. */
function isTower(f: Footprint): boolean {
  const aspect = f.longSideM / Math.max(f.shortSideM, 1);
  return aspect <= 1.8 && f.areaM2 >= 350 && f.areaM2 <= 1600;
}

/** Estimates floors where OSM has none: houses 2–3, slab blocks 6, towers 12–18 by footprint. */
export function estimateFloors(kind: BuildingKind, f: Footprint): number {
  const tag = String(f.tags.building ?? 'yes');
  if (kind === 'residential') {
    if (tag === 'house' || tag === 'detached' || tag === 'terrace') return f.areaM2 < 150 ? 2 : 3;
    if (f.areaM2 < 250) return 3;
    // Beijing towers of the 1990s–2010s: larger footprints carry more floors
    if (isTower(f)) return 12 + Math.round(((f.areaM2 - 350) / 1250) * 6);
    return 6;
  }
  if (kind === 'public') return f.areaM2 < 400 ? 2 : 4;
  if (f.areaM2 < 300) return 2;
  if (f.areaM2 < 3000) return 5;
  return 8;
}

/** Estimates entrances (单元): one stair per ~20 m of slab, towers one or two. */
export function estimateEntrances(kind: BuildingKind, floors: number, f: Footprint): number {
  if (kind !== 'residential') return Math.min(6, 1 + Math.floor(f.areaM2 / 2000));
  if (floors >= 10) return f.areaM2 > 900 ? 2 : 1;
  return Math.max(1, Math.min(12, Math.round(f.longSideM / 20)));
}

/** Households from floor area: round(footprint × floors × usable ratio / 90 m²), at least one per entrance. */
export function estimateHouseholds(areaM2: number, floors: number, entrances: number): number {
  return Math.max(entrances, Math.round((areaM2 * floors * USABLE_RATIO) / M2_PER_HOUSEHOLD));
}

/** Applies every rule to one building; non-residential buildings get 0 households. */
export function estimateBuilding(f: Footprint): BuildingEstimate {
  const kind = buildingKind(f.tags.building === undefined ? undefined : String(f.tags.building), f.inResidentialCompound);
  const levels = parseLevels(f.tags['building:levels']);
  const floors = levels ?? estimateFloors(kind, f);
  const entrances = estimateEntrances(kind, floors, f);
  const households = kind === 'residential' ? estimateHouseholds(f.areaM2, floors, entrances) : 0;
  return { kind, floors, floorsEstimated: levels === undefined, entrances, households };
}

/** A household's place in its building: entrance (单元) and room number like "502" or "1203". */
export interface Dwelling {
  entrance: number;
  floor: number;
  room: string;
}

/** Spreads `households` over entrances and floors, filling each floor's flats before the next. */
export function layoutDwellings(households: number, entrances: number, floors: number): Dwelling[] {
  const perFloor = Math.max(1, Math.ceil(households / (entrances * floors)));
  const out: Dwelling[] = [];
  for (let e = 1; e <= entrances && out.length < households; e++) {
    const share = Math.ceil((households - out.length) / (entrances - e + 1));
    for (let i = 0; i < share; i++) {
      const floor = Math.floor(i / perFloor) + 1;
      const flat = (i % perFloor) + 1;
      out.push({ entrance: e, floor, room: `${floor}${String(flat).padStart(2, '0')}` });
    }
  }
  return out;
}
