import { z } from 'zod';

export const IMPORT_KINDS = ['jurisdictions', 'buildings', 'roads', 'water', 'green'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
/** Kinds stored as landcover polygons of the same class (drawn by the offline map's landcover layer). */
export const LANDCOVER_KINDS = ['water', 'green'] as const;
export type LandcoverKind = (typeof LANDCOVER_KINDS)[number];
/** Kinds whose replace may hold no features: it removes that layer's features in the jurisdiction. */
export const REMOVABLE_KINDS: readonly ImportKind[] = ['roads', 'water', 'green'];

const text = (max: number) => z.string().trim().min(1).max(max);
const idValue = z.union([z.string().trim().min(1).max(100), z.number().int()]).transform(String);

/**
 * A number in [min, max] (whole when `whole`), also as numeric text: GIS tools often write numbers
 * as text ("120"). One issue names the range, with a reason clients say in their language.
 */
const numberIn = (min: number, max: number, whole: boolean) => z.unknown().transform((v, ctx) => {
  const n = typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v;
  if (typeof n === 'number' && Number.isFinite(n) && (!whole || Number.isInteger(n)) && n >= min && n <= max) return n;
  ctx.addIssue({ code: 'custom', message: `must be a ${whole ? 'whole number' : 'number'} from ${min} to ${max}`,
    params: { reason: whole ? 'whole_number' : 'number', min, max } });
  return z.NEVER;
});

export const MAX_HOUSEHOLDS_PER_BUILDING = 10_000;
/** A jurisdiction's household band (as POST /api/jurisdictions takes it). */
const MAX_BAND = 100_000;
const households = numberIn(0, MAX_HOUSEHOLDS_PER_BUILDING, true);
const floors = numberIn(1, 200, true);
// population may be fractional (areal interpolation)
const amount = numberIn(0, 1_000_000, false);

/**
 * Properties of an imported building (楼栋) besides the numbers households come from, which are read
 * by the names the caller chose (householdOptions, householdNumbers); `kind` is free text here because OSM and Tilezen use it for their own values
 * (kind=building, building=apartments): buildingKind() in imports.households.ts resolves it.
 */
export const buildingProps = z.object({
  compound: text(200).nullish(),
  name: text(200).nullish(),
  address: text(300).nullish(),
  kind: text(60).nullish(),
  kind_detail: text(60).nullish(),
  building: text(60).nullish(),
  id: idValue.nullish(),
  osm_id: idValue.nullish(),
});
export type BuildingProps = z.infer<typeof buildingProps>;
/** The number schemas of the properties households may be derived from, read by the name the caller chose. */
export const householdNumbers = { households, floors, population: amount };

/** Properties of an imported water or green area (landcover). */
export const landcoverProps = z.object({
  name: text(200).nullish(),
  id: idValue.nullish(),
  osm_id: idValue.nullish(),
});
export type LandcoverProps = z.infer<typeof landcoverProps>;

/** Properties of an imported road. */
export const roadProps = z.object({
  name: text(200).nullish(),
  class: text(60).nullish(),
  highway: text(60).nullish(),
  id: idValue.nullish(),
  osm_id: idValue.nullish(),
});
export type RoadProps = z.infer<typeof roadProps>;

const LEVEL_OF_LENGTH: Record<number, 'county' | 'town' | 'community'> = { 6: 'county', 9: 'town', 12: 'community' };

/** Properties of an imported jurisdiction: a 6/9/12-digit statistical code, a name, optionally its level and band. */
export const jurisdictionProps = z
  .object({
    code: z.unknown().transform((v, ctx) => {
      const code = typeof v === 'number' && Number.isInteger(v) && v >= 0 ? String(v) : typeof v === 'string' ? v.trim() : '';
      if (/^(\d{6}|\d{9}|\d{12})$/.test(code)) return code;
      ctx.addIssue({ code: 'custom', message: 'must be a 6-digit county, 9-digit street/town or 12-digit community code', params: { reason: 'division_code' } });
      return z.NEVER;
    }),
    name: text(100),
    level: z.enum(['county', 'town', 'community']).nullish(),
    household_min: numberIn(1, MAX_BAND, true).nullish(),
    household_max: numberIn(1, MAX_BAND, true).nullish(),
  })
  .superRefine((p, ctx) => {
    const level = LEVEL_OF_LENGTH[p.code.length];
    if (p.level && level && p.level !== level) {
      ctx.addIssue({ code: 'custom', path: ['level'], message: `a ${p.code.length}-digit code is a ${level}, not a ${p.level}`,
        params: { reason: 'level_mismatch', digits: p.code.length, level, given: p.level } });
    }
    if (p.household_min && p.household_max && p.household_max < p.household_min) {
      ctx.addIssue({ code: 'custom', path: ['household_max'], message: 'must be ≥ household_min', params: { reason: 'not_below', other: 'household_min' } });
    }
  })
  .transform((p) => ({ ...p, level: LEVEL_OF_LENGTH[p.code.length]! }));
export type JurisdictionProps = z.infer<typeof jurisdictionProps>;

const propertyName = z.string().trim().min(1).max(60).regex(/^[^\s]+$/, 'a property name without spaces');
const queryNumber = (min: number, max: number) =>
  z.string().regex(/^\d+(\.\d+)?$/, 'must be a positive number').transform(Number).pipe(z.number().min(min, `must be ≥ ${min}`).max(max, `must be ≤ ${max}`));

/**
 * Where buildings' households come from, per file: the `households` property (as given), or derived
 * and marked estimated — footprint m² × floors ÷ m2PerHousehold (floors from floorsProperty, else
 * defaultFloors), or populationProperty ÷ householdSize.
 */
export const householdOptions = z.object({
  households: z.enum(['property', 'footprint', 'population']).default('property'),
  floorsProperty: propertyName.default('floors'),
  defaultFloors: queryNumber(1, 200).pipe(z.number().int('must be a whole number')).optional(),
  // gross floor area per household: 120 m² is the demo's own estimate (90 m² flats, 75 % usable)
  m2PerHousehold: queryNumber(10, 1000).default(120),
  populationProperty: propertyName.default('population'),
  // 2.62 people per household: China's 2020 census average
  householdSize: queryNumber(0.5, 20).default(2.62),
});
export type HouseholdOptions = z.infer<typeof householdOptions>;

/** Query of POST /api/imports/:kind (the body is the file). Without crs, data that looks GCJ-02/BD-09 is refused. */
export const importQuery = z.object({
  jurisdiction: z.string({ error: 'jurisdiction (a jurisdiction code) is required' }).regex(/^(\d{6}|\d{9}|\d{12})$/, 'jurisdiction must be a 6, 9 or 12-digit code'),
  mode: z.enum(['add', 'replace']).default('add'),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).optional(),
  dryRun: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
}).extend(householdOptions.shape);
export const importParam = z.object({ kind: z.enum(IMPORT_KINDS, { error: `kind must be one of ${IMPORT_KINDS.join(', ')}` }) });
