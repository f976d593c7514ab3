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
  building: { id: number; name: string | null };
  gridCode: string | null;
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
  building: { id: Number(r.building_id), name: r.building_name as string | null },
  gridCode: r.grid_code as string | null,
});

/** Every query of the residents ledger; each one is limited to the caller's scope in SQL. */
export function createResidentsRepo(sql: Sql) {
  const select = (date: string) => sql`
    select r.id, r.name, r.gender, to_char(r.birth_date, 'YYYY-MM-DD') as birth_date, r.id_number, r.phone, r.relation,
           r.special_groups, r.synthetic, r.version, h.id as household_id, h.room, h.entrance, h.version as household_version,
           b.id as building_id, coalesce(b.name, b.address) as building_name,
           (select g.code from grid g join grid_plan p on p.id = g.plan_id
             where p.status in ('published', 'retired') and p.valid_from <= ${date}::date
               and (p.valid_to is null or p.valid_to > ${date}::date) and g.geom && b.anchor and ST_Intersects(g.geom, b.anchor)
             order by p.valid_from desc limit 1) as grid_code
    from resident r join household h on h.id = r.household_id join building b on b.id = h.building_id`;

  return {
    /** Residents in scope, optionally in one grid and matching a name, full ID number or phone. */
    async list(scope: Scope, f: { q?: string; grid?: string; limit: number; offset: number; date: string }) {
      const q = f.q?.trim() || null;
      const grid = f.grid ?? null;
      const rows = await sql`
        ${select(f.date)}
        where ${buildingInScope(sql, scope, 'b', f.date)}
          and (${q}::text is null or position(${q}::text in r.name) > 0 or r.id_number = ${q} or r.phone = ${q})
          and (${grid}::text is null or exists (
            select 1 from grid g join grid_plan p on p.id = g.plan_id
            where g.code = ${grid} and p.status in ('published', 'retired') and p.valid_from <= ${f.date}::date
              and (p.valid_to is null or p.valid_to > ${f.date}::date) and ST_Intersects(g.geom, b.anchor)))
        order by b.id, h.entrance, h.room, r.id
        limit ${f.limit + 1} offset ${f.offset}`;
      return { items: rows.slice(0, f.limit).map(toRow), more: rows.length > f.limit };
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
