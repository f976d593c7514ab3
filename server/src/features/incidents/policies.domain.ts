/**
 * Time-limit policies and incident categories as editable data (data/incidents/policies.json,
 * data/incidents/categories.json), their schemas, and the limit that applies to a case. Pure: the
 * later migration seeds tables from the same files, and the admin screens edit them through these schemas.
 */
import { z } from 'zod';
import { parseWorkingHours, type WorkingHours } from './calendar.domain.ts';
import { LIMIT_UNITS, type TimeLimit } from './deadline.domain.ts';
import { RESPONSIBLE_UNIT_KINDS, type IncidentLevel } from './incidents.vocabulary.ts';

/** A time limit: working days are whole days; working hours and plain hours may be fractions. */
export const timeLimitSchema = z.object({
  amount: z.number().positive().max(3650),
  unit: z.enum(LIMIT_UNITS),
}).refine((l) => l.unit !== 'working_days' || Number.isInteger(l.amount), { message: 'working days must be whole days', path: ['amount'] });

const words = z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().min(1).max(200) });

/** The default limits of each level that dispatches, and the other limits of the rules. */
export const policiesSchema = z.object({
  version: z.string().min(1),
  source: z.string().optional(),
  limits: z.object({ community: timeLimitSchema, street: timeLimitSchema, county: timeLimitSchema }),
  /** How long the street office has to forward a case beyond its powers, from its arrival there. */
  forwardWithin: timeLimitSchema,
  /** How long a department has to send back a mis-routed case, from its dispatch. */
  sendBackWithin: timeLimitSchema,
  /** The most that extensions may add to one case. */
  extensionMax: timeLimitSchema,
  /** How long before the due time the people concerned are reminded. */
  remindBefore: timeLimitSchema,
  workingHours: z.array(z.string()).min(1).superRefine((spec, ctx) => {
    try {
      parseWorkingHours(spec);
    } catch (e) {
      ctx.addIssue({ code: 'custom', message: (e as Error).message });
    }
  }),
});
export type Policies = z.infer<typeof policiesSchema>;

const minorSchema = z.object({
  code: z.string().regex(/^\d{4}$/, 'a minor class code is 4 digits'),
  zh: z.string().trim().min(1).max(50),
  en: z.string().trim().min(1).max(100),
  /** 立案条件: when a report of this class is filed as a case. */
  filing: words,
  /** 结案条件: what verification must find to close it. */
  closing: words,
  /** 处置时限; null follows the default of the level that dispatches the case. */
  limit: timeLimitSchema.nullable(),
  unit: z.enum(RESPONSIBLE_UNIT_KINDS),
});

const classSchema = z.object({
  code: z.string().regex(/^\d{2}$/, 'a class code is 2 digits'),
  /** event: the national event classes; grid: the grid ledger domains; local: a town's own extensions. */
  group: z.enum(['event', 'grid', 'local']),
  zh: z.string().trim().min(1).max(50),
  en: z.string().trim().min(1).max(100),
  minors: z.array(minorSchema).min(1, 'every class has minor classes'),
});

/** The category table: codes well-formed, unique, and each minor class under its own class. */
export const categoriesSchema = z.object({
  version: z.string().min(1),
  source: z.string().optional(),
  classes: z.array(classSchema).min(1),
}).superRefine((data, ctx) => {
  const seen = new Set<string>();
  data.classes.forEach((c, i) => {
    const codes = [{ code: c.code, path: ['classes', i, 'code'] }, ...c.minors.map((m, j) => ({ code: m.code, path: ['classes', i, 'minors', j, 'code'] }))];
    for (const { code, path } of codes) {
      if (seen.has(code)) ctx.addIssue({ code: 'custom', message: `code ${code} is used twice`, path });
      seen.add(code);
    }
    c.minors.forEach((m, j) => {
      if (!m.code.startsWith(c.code)) ctx.addIssue({ code: 'custom', message: `minor class ${m.code} is not under class ${c.code}`, path: ['classes', i, 'minors', j, 'code'] });
    });
  });
});
export type Categories = z.infer<typeof categoriesSchema>;
export type MinorCategory = z.infer<typeof minorSchema>;

/** The policies from their file; throws a ZodError naming what is wrong. */
export function parsePolicies(data: unknown): Policies & { hours: WorkingHours } {
  const p = policiesSchema.parse(data);
  return { ...p, hours: parseWorkingHours(p.workingHours) };
}

/** The categories from their file; throws a ZodError naming what is wrong. */
export function parseCategories(data: unknown): Categories {
  return categoriesSchema.parse(data);
}

/** A minor class by its 4-digit code, or undefined. */
export function findCategory(categories: Categories, code: string): MinorCategory | undefined {
  for (const c of categories.classes) {
    const m = c.minors.find((x) => x.code === code);
    if (m) return m;
  }
  return undefined;
}

/**
 * The handling limit of a case dispatched by a level: the category's own limit where it has one (立结案标准
 * override the defaults), else the level's default (community 3, street office 5 working days…).
 */
export function handlingLimit(policies: Policies, dispatchingLevel: Exclude<IncidentLevel, 'grid'>, category?: Pick<MinorCategory, 'limit'> | null): TimeLimit {
  return category?.limit ?? policies.limits[dispatchingLevel];
}
