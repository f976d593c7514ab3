import type { Sql } from 'postgres';
import { refuseDuplicate } from '../../http/duplicates.ts';
import { conflict } from '../../http/errors.ts';
import { buildingInScope, type Scope } from '../auth/scope.repo.ts';

/** A resident row with where they live, unmasked (routes mask before anything leaves). */
export interface ResidentRow {
  id: number;
  name: string;
  gender: 'M' | 'F' | null;
  birthDate: string | null;
  idNumber: string | null;
  phone: string | null;
  relation: string;
  specialGroups: string[];
  synthetic: boolean;
  version: number;
  household: { id: number; room: string; entrance: number; version: number };
  building: { id: number; name: string | null; number: string | null; address: string | null };
  compound: string | null;
  community: string | null;
  gridCode: string | null;
  gridName: string | null;
}

/** The ledger's filters: a search, one grid (by code) or one jurisdiction (by id, with everything under it). */
export interface LedgerFilter {
  q?: string;
  grid?: string;
  jurisdiction?: number;
  date: string;
}

/** The editable columns, by API field name; the only identifiers a PATCH can touch. */
export const EDITABLE = {
  name: 'name', idNumber: 'id_number', phone: 'phone', gender: 'gender', birthDate: 'birth_date', specialGroups: 'special_groups',
} as const;
export type EditableField = keyof typeof EDITABLE;

/** 409 for an ID number another resident holds; it never says who (they may lie outside the caller's scope). */
const duplicateIdNumber = () => conflict('duplicate_id_number', 'Another resident is already registered with this ID number',
  [{ field: 'idNumber', message: 'already registered to another resident' }]);
/** Writes that may set an ID number answer a clash with duplicate_id_number (resident_id_number_key, migration 006). */
const uniqueIdNumber = <T>(write: Promise<T>) => refuseDuplicate(write, 'resident_id_number_key', duplicateIdNumber);

const toRow = (r: Record<string, unknown>): ResidentRow => ({
  id: Number(r.id), name: String(r.name), gender: r.gender as ResidentRow['gender'], birthDate: r.birth_date as string | null,
  idNumber: r.id_number as string | null, phone: r.phone as string | null, relation: String(r.relation),
  specialGroups: r.special_groups as string[], synthetic: Boolean(r.synthetic), version: Number(r.version),
  household: { id: Number(r.household_id), room: String(r.room), entrance: Number(r.entrance), version: Number(r.household_version) },
  building: { id: Number(r.building_id), name: r.building_name as string | null, number: r.building_number as string | null, address: r.building_address as string | null },
  compound: r.compound_name as string | null,
  community: r.community_name as string | null,
  gridCode: r.grid_code as string | null,
  gridName: r.grid_name as string | null,
});

/** Every query of the residents ledger; each one is limited to the caller's scope in SQL. */
export function createResidentsRepo(sql: Sql) {
  // the grid of the plan in force holding the building's anchor, with its name
  const select = (date: string) => sql`
    select r.id, r.name, r.gender, to_char(r.birth_date, 'YYYY-MM-DD') as birth_date, r.id_number, r.phone, r.relation,
           r.special_groups, r.synthetic, r.version, h.id as household_id, h.room, h.entrance, h.version as household_version,
           b.id as building_id, b.name as building_name, b.number as building_number, b.address as building_address,
           c.name as compound_name, j.name as community_name, g.code as grid_code, g.name as grid_name
    from resident r join household h on h.id = r.household_id join building b on b.id = h.building_id
    left join compound c on c.id = b.compound_id
    left join jurisdiction j on j.id = b.community_id
    left join lateral (
      select g.code, g.name from grid g join grid_plan p on p.id = g.plan_id
      where p.status in ('published', 'retired') and p.valid_from <= ${date}::date
        and (p.valid_to is null or p.valid_to > ${date}::date) and g.geom && b.anchor and ST_Intersects(g.geom, b.anchor)
      order by p.valid_from desc limit 1) g on true`;

  /** The rows a filter keeps, within scope. */
  const matching = (scope: Scope, f: LedgerFilter) => {
    const q = f.q?.trim() || null;
    const grid = f.grid ?? null;
    const place = f.jurisdiction ?? null;
    return sql`${buildingInScope(sql, scope, 'b', f.date)}
      and (${q}::text is null or position(${q}::text in r.name) > 0 or r.id_number = ${q} or r.phone = ${q})
      and (${grid}::text is null or exists (
        select 1 from grid g join grid_plan p on p.id = g.plan_id
        where g.code = ${grid} and p.status in ('published', 'retired') and p.valid_from <= ${f.date}::date
          and (p.valid_to is null or p.valid_to > ${f.date}::date) and ST_Intersects(g.geom, b.anchor)))
      and (${place}::bigint is null or exists (
        select 1 from jurisdiction fj join jurisdiction bj on bj.code like fj.code || '%'
        where fj.id = ${place}::bigint and bj.id = b.community_id))`;
  };

  return {
    /** Residents in scope, optionally in one grid or jurisdiction and matching a name, full ID number or phone. */
    async list(scope: Scope, f: LedgerFilter & { limit: number; offset: number }) {
      const rows = await sql`
        ${select(f.date)}
        where ${matching(scope, f)}
        order by b.id, h.entrance, h.room, r.id
        limit ${f.limit + 1} offset ${f.offset}`;
      return { items: rows.slice(0, f.limit).map(toRow), more: rows.length > f.limit };
    },

    /**
     * How many residents the filter keeps in scope, counted up to `cap` (a grid's or a community's
     * ledger is counted exactly in milliseconds; a whole city's stops at the cap instead of scanning on).
     */
    async count(scope: Scope, f: LedgerFilter, cap: number): Promise<{ total: number; exact: boolean }> {
      const [r] = await sql`
        select count(*)::int as n from (
          select 1 from resident r join household h on h.id = r.household_id join building b on b.id = h.building_id
          where ${matching(scope, f)} limit ${cap + 1}) k`;
      const n = Number(r!.n);
      return n > cap ? { total: cap, exact: false } : { total: n, exact: true };
    },

    /** One resident if it is in scope. */
    async byId(scope: Scope, id: number, date: string): Promise<ResidentRow | undefined> {
      const [r] = await sql`${select(date)} where r.id = ${id} and ${buildingInScope(sql, scope, 'b', date)}`;
      return r ? toRow(r) : undefined;
    },

    /** Adds a resident to a household whose building is in scope; the new id, or undefined. */
    async create(scope: Scope, date: string, r: { householdId: number; name: string; idNumber?: string; phone?: string;
      gender?: string; birthDate?: string; relation: string; specialGroups: string[] }) {
      const [row] = await uniqueIdNumber(sql`
        insert into resident (household_id, region_code, name, id_number, phone, gender, birth_date, relation, special_groups)
        select h.id, h.region_code, ${r.name}, ${r.idNumber ?? null}, ${r.phone ?? null}, ${r.gender ?? null},
               ${r.birthDate ?? null}::date, ${r.relation}, ${r.specialGroups}
        from household h join building b on b.id = h.building_id
        where h.id = ${r.householdId} and ${buildingInScope(sql, scope, 'b', date)}
        returning id`);
      return row ? Number(row.id) : undefined;
    },

    /** Applies a patch if the version still matches and the resident is in scope; undefined otherwise. */
    async update(scope: Scope, id: number, version: number, patch: Partial<Record<EditableField, unknown>>, date: string) {
      const columns = (Object.keys(patch) as EditableField[]).filter((k) => k in EDITABLE);
      const values = Object.fromEntries(columns.map((k) => [EDITABLE[k], patch[k]])) as Record<string, string | string[] | null>;
      const [r] = await uniqueIdNumber(sql`
        update resident r set ${sql(values, ...columns.map((k) => EDITABLE[k]))}, version = r.version + 1, updated_at = now()
        from household h, building b
        where r.id = ${id} and r.version = ${version} and h.id = r.household_id and b.id = h.building_id
          and ${buildingInScope(sql, scope, 'b', date)}
        returning r.id`);
      return r ? Number(r.id) : undefined;
    },
  };
}
