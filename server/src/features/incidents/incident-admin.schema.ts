import { z } from 'zod';
import { versionField } from '../../http/params.ts';
import { LIMIT_UNITS } from './deadline.domain.ts';
import { fieldsNotForClass, isCalendarDate, isCalendarYear, newCategoryCodeProblem } from './incident-admin.domain.ts';
import { RESPONSIBLE_UNIT_KINDS } from './incidents.vocabulary.ts';

// The bodies of /api/admin/incident-categories, /api/admin/departments and /api/admin/work-calendar: each
// mirrors the checks of its table (migrations 013 and 014), so a bad value is a 400 naming the field.

const nameZh = z.string().trim().min(1).max(50);
const nameEn = z.string().trim().min(1).max(100);
const words = z.object({ zh: z.string().trim().min(1).max(200), en: z.string().trim().max(200).optional() }).strict();
const sortOrder = z.number().int().min(-1_000_000).max(1_000_000);
const responsible = z.enum(RESPONSIBLE_UNIT_KINDS);

/** 处置时限 as the category list gives it: working days are whole days; at most ten years. */
export const limitSchema = z.object({
  value: z.number().positive().max(3650),
  unit: z.enum(LIMIT_UNITS),
}).strict().refine((l) => l.unit !== 'working_days' || Number.isInteger(l.value), { message: 'working days must be whole days', path: ['value'] });

const minorFields = {
  nameZh, nameEn: nameEn.optional(), filing: words, closing: words, limit: limitSchema.nullable(), responsible,
  active: z.boolean().optional(), sortOrder: sortOrder.optional(),
};

const minorBody = z.object({ code: z.string().regex(/^\d{4}$/, 'a minor class code is 4 digits'), ...minorFields }).strict();

/** POST /api/admin/incident-categories: a minor class under an existing class, or a new local class (20–99) with its minor classes. */
export const createCategoryBody = z.union([
  minorBody,
  z.object({
    code: z.string().regex(/^\d{2}$/, 'a class code is 2 digits'),
    nameZh, nameEn: nameEn.optional(), active: z.boolean().optional(), sortOrder: sortOrder.optional(),
    minors: z.array(minorBody).min(1).max(99),
  }).strict(),
]).superRefine((b, ctx) => {
  const problem = newCategoryCodeProblem(b.code);
  if (problem) ctx.addIssue({ code: 'custom', message: problem, path: ['code'] });
  if (!('minors' in b)) return;
  const seen = new Set<string>();
  b.minors.forEach((m, i) => {
    const p = newCategoryCodeProblem(m.code, b.code) ?? (seen.has(m.code) ? `code ${m.code} is used twice` : null);
    if (p) ctx.addIssue({ code: 'custom', message: p, path: ['minors', i, 'code'] });
    seen.add(m.code);
  });
});
export type CreateCategoryBody = z.infer<typeof createCategoryBody>;
export type MinorBody = z.infer<typeof minorBody>;

/** PATCH /api/admin/incident-categories/:code: the version read and at least one field; a class has no conditions, limit or unit. */
export const patchCategoryBody = z.object({
  version: versionField,
  nameZh: nameZh.optional(), nameEn: nameEn.optional(), filing: words.optional(), closing: words.optional(),
  limit: limitSchema.nullable().optional(), responsible: responsible.optional(), active: z.boolean().optional(), sortOrder: sortOrder.optional(),
}).strict().refine((b) => Object.keys(b).length > 1, { message: 'nothing to change: give at least one field besides version', path: ['version'] });
export type PatchCategoryBody = z.infer<typeof patchCategoryBody>;

/** The minor-class fields a patch of a class (2-digit code) carries, as 400 details. */
export const classPatchIssues = (patch: PatchCategoryBody) =>
  fieldsNotForClass(patch).map((field) => ({ field, message: 'a class has none: its minor classes carry conditions, limits and units', reason: 'invalid' }));

/** :code of the admin's category routes. */
export const adminCategoryParam = z.object({ code: z.string().regex(/^\d{2}(\d{2})?$/, 'code must have 2 (class) or 4 (minor class) digits') });

const positiveId = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const departmentName = z.string().trim().min(1).max(100);
// a work phone: digits with the usual separators (010-6234 5678, 12319, +86 …)
const workPhone = z.string().trim().regex(/^\+?\d[\d ()-]{2,38}$/, 'phone must be digits with spaces, dashes or brackets (3–40 characters)');

/** GET /api/admin/departments?jurisdiction=<id> */
export const departmentsQuery = z.object({
  jurisdiction: z.string().regex(/^[1-9]\d{0,15}$/, 'jurisdiction must be a jurisdiction id').transform(Number).optional(),
});

/** POST /api/admin/departments */
export const createDepartmentBody = z.object({
  jurisdictionId: positiveId, name: departmentName, kind: responsible, phone: workPhone.nullable().optional(), active: z.boolean().optional(),
}).strict();
export type CreateDepartmentBody = z.infer<typeof createDepartmentBody>;

/** PATCH /api/admin/departments/:id: at least one field; phone null clears it. */
export const patchDepartmentBody = z.object({
  name: departmentName.optional(), kind: responsible.optional(), phone: workPhone.nullable().optional(), active: z.boolean().optional(),
}).strict().refine((b) => Object.keys(b).length > 0, { message: 'nothing to change: give at least one field' });
export type PatchDepartmentBody = z.infer<typeof patchDepartmentBody>;

/** PUT /api/admin/departments/:id/members: the user ids that make up the unit, no repeats. */
export const membersBody = z.array(positiveId).max(200).refine((ids) => new Set(ids).size === ids.length, { message: 'a user is listed twice' });

/** GET /api/admin/work-calendar?year= */
export const calendarQuery = z.object({
  year: z.string().regex(/^\d{4}$/, 'year must have 4 digits').transform(Number).refine(isCalendarYear, 'year must be within 1949–2200'),
});

/** :date of the calendar's day routes. */
export const calendarDateParam = z.object({ date: z.string().refine(isCalendarDate, 'date must be a real date YYYY-MM-DD within 1949–2200') });

/** :year of the calendar's year routes. */
export const calendarYearParam = calendarQuery;

/** PUT /api/admin/work-calendar/days/:date: a local holiday or worked day. */
export const calendarDayBody = z.object({
  kind: z.enum(['holiday', 'workday']),
  nameZh: z.string().trim().min(1).max(50),
  nameEn: z.string().trim().max(100).optional(),
}).strict();
export type CalendarDayBody = z.infer<typeof calendarDayBody>;
