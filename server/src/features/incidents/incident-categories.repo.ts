import type { Sql } from 'postgres';
import type { LimitUnit } from './deadline.domain.ts';
import type { Categories } from './policies.domain.ts';

type Words = { zh: string; en: string };

/** One row of the category table as the API gives it: a class (parentCode null) or a minor class. */
export interface IncidentCategory {
  code: string;
  parentCode: string | null;
  name: string;
  nameEn: string;
  kind: 'event' | 'grid' | 'local';
  filing: Words | null;
  closing: Words | null;
  limit: { value: number; unit: LimitUnit } | null;
  responsible: string | null;
  active: boolean;
}

const words = (zh: unknown, en: unknown): Words | null => (zh === null ? null : { zh: String(zh), en: String(en ?? '') });

function toCategory(r: Record<string, unknown>): IncidentCategory {
  return {
    code: String(r.code),
    parentCode: r.parent_code === null ? null : String(r.parent_code),
    name: String(r.name_zh),
    nameEn: String(r.name_en),
    kind: r.kind as IncidentCategory['kind'],
    filing: words(r.filing_zh, r.filing_en),
    closing: words(r.closing_zh, r.closing_en),
    // numeric arrives as text from postgres.js
    limit: r.limit_value === null ? null : { value: Number(r.limit_value), unit: r.limit_unit as LimitUnit },
    responsible: r.responsible === null ? null : String(r.responsible),
    active: Boolean(r.active),
  };
}

/** The rows a category file makes, classes before their minor classes, in the file's order. */
export function categoryRows(file: Categories) {
  return file.classes.flatMap((c, i) => [
    {
      code: c.code, parent_code: null, name_zh: c.zh, name_en: c.en, kind: c.group, filing_zh: null, filing_en: null,
      closing_zh: null, closing_en: null, limit_value: null, limit_unit: null, responsible: null, sort_order: i,
    },
    ...c.minors.map((m, j) => ({
      code: m.code, parent_code: c.code, name_zh: m.zh, name_en: m.en, kind: c.group, filing_zh: m.filing.zh, filing_en: m.filing.en,
      closing_zh: m.closing.zh, closing_en: m.closing.en, limit_value: m.limit?.amount ?? null, limit_unit: m.limit?.unit ?? null,
      responsible: m.unit, sort_order: j,
    })),
  ]);
}

/** Every query of the incident category table. */
export function createIncidentCategoriesRepo(sql: Sql) {
  return {
    /** Classes each followed by their minor classes, both in their sort order; inactive ones only when asked. */
    async list(filter: { kind?: string; active?: boolean } = {}): Promise<IncidentCategory[]> {
      const rows = await sql`select c.* from incident_category c
        left join incident_category p on p.code = c.parent_code
        where (${filter.kind ?? null}::text is null or c.kind = ${filter.kind ?? null})
          and (${filter.active ?? null}::boolean is null or c.active = ${filter.active ?? null})
        order by coalesce(p.sort_order, c.sort_order), coalesce(p.code, c.code), c.parent_code is not null, c.sort_order, c.code`;
      return rows.map(toCategory);
    },

    /** One category by its code, or undefined. */
    async byCode(code: string): Promise<IncidentCategory | undefined> {
      const [r] = await sql`select * from incident_category where code = ${code}`;
      return r ? toCategory(r) : undefined;
    },

    /**
     * Adds the file's categories that the table lacks; rows already there (an admin's edits, or a
     * category switched off) are left as they are. Returns the codes added.
     */
    async seed(file: Categories): Promise<string[]> {
      const rows = categoryRows(file);
      // one statement: its foreign-key checks run after all rows, so a class and its minors go in together
      const added = await sql`insert into incident_category ${sql(rows)} on conflict (code) do nothing returning code`;
      return added.map((r) => String(r.code));
    },
  };
}
