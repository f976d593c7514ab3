import { z } from 'zod';

export const IMPORT_KINDS = ['jurisdictions', 'buildings', 'roads'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

const text = (max: number) => z.string().trim().min(1).max(max);
// GIS tools often write numbers as text ("120"); anything else is a wrong type
const wholeNumber = z.preprocess(
  (v) => (typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v),
  z.number({ error: 'expected a whole number' }).int('expected a whole number'),
);
const idValue = z.union([z.string().trim().min(1).max(100), z.number().int()]).transform(String);

/** Properties of an imported building (楼栋). */
export const buildingProps = z.object({
  households: wholeNumber.pipe(z.number().min(0, 'must be ≥ 0').max(10_000, 'must be ≤ 10000')),
  floors: wholeNumber.pipe(z.number().min(1, 'must be ≥ 1').max(200, 'must be ≤ 200')).nullish(),
  compound: text(200).nullish(),
  name: text(200).nullish(),
  address: text(300).nullish(),
  kind: z.enum(['residential', 'mixed', 'public', 'commercial', 'other']).nullish(),
  id: idValue.nullish(),
  osm_id: idValue.nullish(),
});
export type BuildingProps = z.infer<typeof buildingProps>;

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
    code: z.union([z.string().trim(), z.number().int().nonnegative().transform(String)])
      .pipe(z.string().regex(/^(\d{6}|\d{9}|\d{12})$/, 'must be a 6-digit county, 9-digit street/town or 12-digit community code')),
    name: text(100),
    level: z.enum(['county', 'town', 'community']).nullish(),
    household_min: wholeNumber.pipe(z.number().min(1)).nullish(),
    household_max: wholeNumber.pipe(z.number().min(1)).nullish(),
  })
  .superRefine((p, ctx) => {
    const level = LEVEL_OF_LENGTH[p.code.length];
    if (p.level && level && p.level !== level) ctx.addIssue({ code: 'custom', path: ['level'], message: `a ${p.code.length}-digit code is a ${level}, not a ${p.level}` });
    if (p.household_min && p.household_max && p.household_max < p.household_min) {
      ctx.addIssue({ code: 'custom', path: ['household_max'], message: 'must be ≥ household_min' });
    }
  })
  .transform((p) => ({ ...p, level: LEVEL_OF_LENGTH[p.code.length]! }));
export type JurisdictionProps = z.infer<typeof jurisdictionProps>;

/** Query of POST /api/imports/:kind (the body is the file). */
export const importQuery = z.object({
  jurisdiction: z.string({ error: 'jurisdiction (a jurisdiction code) is required' }).regex(/^(\d{6}|\d{9}|\d{12})$/, 'jurisdiction must be a 6, 9 or 12-digit code'),
  mode: z.enum(['add', 'replace']).default('add'),
  crs: z.enum(['wgs84', 'gcj02', 'bd09']).default('wgs84'),
  dryRun: z.enum(['true', 'false', '1', '0']).default('false').transform((v) => v === 'true' || v === '1'),
});
export const importParam = z.object({ kind: z.enum(IMPORT_KINDS, { error: `kind must be one of ${IMPORT_KINDS.join(', ')}` }) });
