import calendarFile from '../../../../data/calendar/cn-workdays.json' with { type: 'json' };
import type { Sql, TransactionSql } from 'postgres';
import { badRequest, conflict, notFound } from '../../http/errors.ts';
import { createAuthRepo } from '../auth/auth.repo.ts';
import { shanghaiDate } from './calendar.domain.ts';
import { fileDays, yearDays } from './incident-admin.domain.ts';
import type { CalendarDayBody, CreateCategoryBody, MinorBody, PatchCategoryBody } from './incident-admin.schema.ts';
import { classPatchIssues } from './incident-admin.schema.ts';
import { createIncidentCategoriesRepo, type AdminCategory, type CategoryRow } from './incident-categories.repo.ts';
import { createWorkCalendarRepo } from './work-calendar.repo.ts';

/** Who acts, and from where: every write is audited under their name. */
export interface AdminActor {
  userId: number;
  ip: string | null;
}

const FILE_DAYS = fileDays(calendarFile);
const isUniqueViolation = (e: unknown) => (e as { code?: string }).code === '23505';
/** The audit log inside a transaction: its record commits or rolls back with the change. */
export const logIn = (tx: TransactionSql) => createAuthRepo(tx as unknown as Sql);

/** The row of a minor class under its class. */
function minorRow(m: MinorBody, parent: { code: string; kind: CategoryRow['kind'] }, sortOrder: number): CategoryRow {
  return {
    code: m.code, parent_code: parent.code, name_zh: m.nameZh, name_en: m.nameEn ?? m.nameZh, kind: parent.kind,
    filing_zh: m.filing.zh, filing_en: m.filing.en ?? null, closing_zh: m.closing.zh, closing_en: m.closing.en ?? null,
    limit_value: m.limit?.value ?? null, limit_unit: m.limit?.unit ?? null, responsible: m.responsible,
    sort_order: m.sortOrder ?? sortOrder, active: m.active ?? true,
  };
}

/** The columns a category patch writes. */
function patchColumns(b: PatchCategoryBody): Partial<CategoryRow> {
  return {
    ...(b.nameZh !== undefined ? { name_zh: b.nameZh } : {}),
    ...(b.nameEn !== undefined ? { name_en: b.nameEn } : {}),
    ...(b.filing ? { filing_zh: b.filing.zh, filing_en: b.filing.en ?? null } : {}),
    ...(b.closing ? { closing_zh: b.closing.zh, closing_en: b.closing.en ?? null } : {}),
    ...(b.limit !== undefined ? { limit_value: b.limit?.value ?? null, limit_unit: b.limit?.unit ?? null } : {}),
    ...(b.responsible !== undefined ? { responsible: b.responsible } : {}),
    ...(b.active !== undefined ? { active: b.active } : {}),
    ...(b.sortOrder !== undefined ? { sort_order: b.sortOrder } : {}),
  };
}

/** A category's editable fields as the API names them, to record what a patch changed. */
const editable = (c: AdminCategory): Record<string, unknown> => ({
  nameZh: c.name, nameEn: c.nameEn, filing: c.filing, closing: c.closing, limit: c.limit, responsible: c.responsible, active: c.active, sortOrder: c.sortOrder,
});

/** Editing categories and the calendar's local days and years; each write is one transaction with its audit record. */
export function createIncidentAdminService(sql: Sql, clock: () => Date) {
  const categories = createIncidentCategoriesRepo(sql);
  const calendar = createWorkCalendarRepo(sql);

  return {
    listCategories: () => categories.adminList(),

    /** Adds a minor class under an existing class, or a local class with its minor classes; 409 when a code is taken. */
    async createCategory(actor: AdminActor, body: CreateCategoryBody): Promise<AdminCategory[]> {
      const codes = 'minors' in body ? [body.code, ...body.minors.map((m) => m.code)] : [body.code];
      const taken = (found: string[]) => conflict('category_exists', `Category code taken: ${found.join(', ')}`, [{ field: 'code', message: 'taken' }]);
      try {
        await sql.begin(async (tx) => {
          const existing = await tx`select code from incident_category where code = any(${codes}::text[])`;
          if (existing.length) throw taken(existing.map((r) => String(r.code)));
          const rows = 'minors' in body ? classRows(body) : [minorRow(body, await parentOf(tx, body.code), await nextSort(tx, body.code.slice(0, 2)))];
          await categories.insert(tx, rows);
          await logIn(tx).audit({ userId: actor.userId, action: 'incident.category.create', entity: 'incident_category', ip: actor.ip,
            details: { code: body.code, count: rows.length } });
        });
      } catch (e) {
        // two admins adding the same code at once: the primary key decides
        if (isUniqueViolation(e)) throw taken(codes);
        throw e;
      }
      return (await categories.adminList()).filter((c) => codes.includes(c.code));
    },

    /** Changes a category if it still has the version the admin read (one of simultaneous edits wins, the rest 409). */
    async patchCategory(actor: AdminActor, code: string, body: PatchCategoryBody): Promise<AdminCategory> {
      const current = await categories.adminByCode(code);
      if (!current) throw notFound('category_not_found', `No incident category with code ${code}`);
      const wrong = current.parentCode === null ? classPatchIssues(body) : [];
      if (wrong.length) throw badRequest('invalid_request', wrong.map((w) => `${w.field}: ${w.message}`).join('; '), wrong);
      const stale = () => conflict('version_conflict', `Category ${code} was changed meanwhile; reload it and try again`, { version: current.version });
      if (body.version !== current.version) throw stale();
      return sql.begin(async (tx) => {
        const updated = await categories.update(tx, code, body.version, patchColumns(body));
        if (!updated) throw stale();
        const [before, after] = [editable(current), editable(updated)];
        const fields = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
        await logIn(tx).audit({ userId: actor.userId, action: 'incident.category.update', entity: 'incident_category', fields, ip: actor.ip,
          details: { code, before: pick(before, fields), after: pick(after, fields) } });
        return updated;
      });
    },

    /** A year's holidays and worked days with their source, and whose arrangement covers the year (null: deadlines into it are provisional). */
    async calendarYear(year: number) {
      const [rows, covered] = await Promise.all([calendar.daysOf(year), calendar.yearOf(year)]);
      return { year, covered: covered ? { source: covered.source, version: covered.version } : null, days: yearDays(rows, FILE_DAYS, year) };
    },

    /** Makes a date a local holiday or worked day (over the file's word on it); the next deadline counts on it. */
    async putDay(actor: AdminActor, date: string, body: CalendarDayBody) {
      const day = await sql.begin(async (tx) => {
        const d = await calendar.putAdminDay(tx, { date, kind: body.kind, nameZh: body.nameZh, nameEn: body.nameEn ?? '' });
        await logIn(tx).audit({ userId: actor.userId, action: 'incident.calendar.day', entity: 'work_calendar', ip: actor.ip, details: { date, dayKind: body.kind, name: body.nameZh } });
        return d;
      }).finally(calendar.invalidate);
      return yearDays([day], FILE_DAYS, Number(date.slice(0, 4)))[0]!;
    },

    /** Removes a local day; the file's word on that date, if any, counts again. 404 when the date has no local day. */
    async deleteDay(actor: AdminActor, date: string) {
      const f = FILE_DAYS.find((d) => d.date === date);
      await sql.begin(async (tx) => {
        if (!(await calendar.deleteAdminDay(tx, date, f))) throw notFound('calendar_day_not_found', `${date} has no local day to remove`);
        await logIn(tx).audit({ userId: actor.userId, action: 'incident.calendar.day_delete', entity: 'work_calendar', ip: actor.ip, details: { date } });
      }).finally(calendar.invalidate);
    },

    /** Declares a year covered by the admin's own arrangement: its deadlines are no longer provisional. 409 when the data file covers it. */
    async putYear(actor: AdminActor, year: number) {
      const row = await sql.begin(async (tx) => {
        const { row: r, added } = await calendar.putAdminYear(tx, year, `admin-${shanghaiDate(clock())}`);
        if (r.source !== 'admin') throw conflict('calendar_year_in_file', `${year} is covered by the calendar data (${r.version})`);
        if (added) await logIn(tx).audit({ userId: actor.userId, action: 'incident.calendar.year', entity: 'work_calendar', ip: actor.ip, details: { year } });
        return r;
      }).finally(calendar.invalidate);
      return { year: row.year, source: row.source, version: row.version };
    },

    /** Withdraws the admin's declaration of a year (404 when there is none). */
    async deleteYear(actor: AdminActor, year: number) {
      await sql.begin(async (tx) => {
        if (!(await calendar.deleteAdminYear(tx, year))) throw notFound('calendar_year_not_found', `${year} is not declared by an admin`);
        await logIn(tx).audit({ userId: actor.userId, action: 'incident.calendar.year_delete', entity: 'work_calendar', ip: actor.ip, details: { year } });
      }).finally(calendar.invalidate);
    },
  };
}

/** A new local class and its minor classes, in the order given. */
function classRows(body: Extract<CreateCategoryBody, { minors: unknown }>): CategoryRow[] {
  const cls: CategoryRow = {
    code: body.code, parent_code: null, name_zh: body.nameZh, name_en: body.nameEn ?? body.nameZh, kind: 'local', filing_zh: null, filing_en: null,
    closing_zh: null, closing_en: null, limit_value: null, limit_unit: null, responsible: null, sort_order: body.sortOrder ?? Number(body.code), active: body.active ?? true,
  };
  return [cls, ...body.minors.map((m, i) => minorRow(m, { code: body.code, kind: 'local' }, i))];
}

/** The class a new minor class goes under (locked against a simultaneous change), or the 400 that says it is missing. */
async function parentOf(tx: TransactionSql, code: string) {
  const [p] = await tx`select code, kind from incident_category where code = ${code.slice(0, 2)} for share`;
  if (!p) throw badRequest('category_parent_not_found', `code: there is no class ${code.slice(0, 2)} to put ${code} under`, [{ field: 'code', message: 'no such class' }]);
  return { code: String(p.code), kind: p.kind as CategoryRow['kind'] };
}

/** After the last minor class of a class. */
async function nextSort(tx: TransactionSql, classCode: string): Promise<number> {
  const [r] = await tx`select coalesce(max(sort_order) + 1, 0)::int as n from incident_category where parent_code = ${classCode}`;
  return Number(r!.n);
}

const pick = (o: Record<string, unknown>, keys: string[]) => Object.fromEntries(keys.map((k) => [k, o[k]]));
