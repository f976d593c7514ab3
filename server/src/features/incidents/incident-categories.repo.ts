import type { Sql, TransactionSql } from 'postgres';
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

type Db = Sql | TransactionSql;

/** A category as the admin screens edit it: the API's shape plus its sort order and version. */
export interface AdminCategory extends IncidentCategory {
  sortOrder: number;
  version: number;
  updatedAt: Date;
}

/** The columns of one category row. */
export interface CategoryRow {
  code: string;
  parent_code: string | null;
  name_zh: string;
  name_en: string;
  kind: IncidentCategory['kind'];
  filing_zh: string | null;
  filing_en: string | null;
  closing_zh: string | null;
  closing_en: string | null;
  limit_value: number | null;
  limit_unit: LimitUnit | null;
  responsible: string | null;
  sort_order: number;
  active?: boolean;
}

function toAdminCategory(r: Record<string, unknown>): AdminCategory {
  return { ...toCategory(r), sortOrder: Number(r.sort_order), version: Number(r.version), updatedAt: r.updated_at as Date };
}

/** The rows a category file makes, classes before their minor classes, in the file's order. */
export function categoryRows(file: Categories): CategoryRow[] {
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
          -- a minor class of a class switched off is off for new reports too
          and (${filter.active ?? null}::boolean is null or (c.active and coalesce(p.active, true)) = ${filter.active ?? null})
        order by coalesce(p.sort_order, c.sort_order), coalesce(p.code, c.code), c.parent_code is not null, c.sort_order, c.code`;
      return rows.map(toCategory);
    },

    /** Every category with what editing needs (version, sort order), classes each followed by their minor classes. */
    async adminList(): Promise<AdminCategory[]> {
      const rows = await sql`select c.* from incident_category c left join incident_category p on p.code = c.parent_code
        order by coalesce(p.sort_order, c.sort_order), coalesce(p.code, c.code), c.parent_code is not null, c.sort_order, c.code`;
      return rows.map(toAdminCategory);
    },

    /** One category as editing needs it, or undefined. */
    async adminByCode(code: string): Promise<AdminCategory | undefined> {
      const [r] = await sql`select * from incident_category where code = ${code}`;
      return r ? toAdminCategory(r) : undefined;
    },

    /** Inserts categories (a class before its minor classes); the table's checks and primary key have the last word. */
    async insert(tx: Db, rows: CategoryRow[]): Promise<void> {
      await tx`insert into incident_category ${tx(rows)}`;
    },

    /** Writes changed columns if the category still has `version`; answers the new row, or undefined when the version moved on. */
    async update(tx: Db, code: string, version: number, columns: Partial<CategoryRow>): Promise<AdminCategory | undefined> {
      const [r] = await tx`update incident_category set ${tx(columns)}, version = version + 1, updated_at = now()
        where code = ${code} and version = ${version} returning *`;
      return r ? toAdminCategory(r) : undefined;
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
