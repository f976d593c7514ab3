import type { Sql } from 'postgres';
import { refuseDuplicate } from '../../http/duplicates.ts';
import { conflict } from '../../http/errors.ts';
import { buildingInScope, type Scope } from '../auth/scope.repo.ts';

/** A household with its building, as the API shows it. */
export interface HouseholdRow {
  id: number;
  buildingId: number;
  entrance: number;
  room: string;
  housing: string;
  version: number;
}

const toRow = (r: Record<string, unknown>): HouseholdRow => ({
  id: Number(r.id), buildingId: Number(r.building_id), entrance: Number(r.entrance), room: String(r.room),
  housing: String(r.housing), version: Number(r.version),
});

/** Writes that place a household answer an occupied flat with duplicate_household (household_flat_key, migration 006). */
const oneHouseholdPerFlat = <T>(write: Promise<T>) => refuseDuplicate(write, 'household_flat_key', () => conflict('duplicate_household',
  'The building already has a household at this entrance and room (rooms compare without spaces, case or full-width digits)',
  [{ field: 'room', message: 'already taken in this building and entrance' }]));

const COLUMNS = { buildingId: 'building_id', entrance: 'entrance', room: 'room', housing: 'housing' } as const;
type Field = keyof typeof COLUMNS;

/** Every query of households; reads and writes are limited to buildings in scope. */
export function createHouseholdsRepo(sql: Sql) {
  const inScope = (scope: Scope, date: string, buildingId: number) =>
    sql`exists (select 1 from building b where b.id = ${buildingId} and ${buildingInScope(sql, scope, 'b', date)})`;
  return {
    /** True when the building exists and lies in scope. */
    async buildingInScope(scope: Scope, date: string, buildingId: number): Promise<boolean> {
      const [r] = await sql`select ${inScope(scope, date, buildingId)} as ok`;
      return Boolean(r?.ok);
    },

    /** Adds a household to a building in scope (the building's region key is copied). */
    async create(scope: Scope, date: string, h: { buildingId: number; entrance: number; room: string; housing: string }) {
      const [r] = await oneHouseholdPerFlat(sql`
        insert into household (building_id, region_code, entrance, room, housing)
        select b.id, b.region_code, ${h.entrance}, ${h.room}, ${h.housing} from building b
        where b.id = ${h.buildingId} and ${buildingInScope(sql, scope, 'b', date)}
        returning id, building_id, entrance, room, housing, version`);
      return r ? toRow(r) : undefined;
    },

    /** One household whose building is in scope. */
    async byId(scope: Scope, date: string, id: number): Promise<HouseholdRow | undefined> {
      const [r] = await sql`
        select h.id, h.building_id, h.entrance, h.room, h.housing, h.version from household h join building b on b.id = h.building_id
        where h.id = ${id} and ${buildingInScope(sql, scope, 'b', date)}`;
      return r ? toRow(r) : undefined;
    },

    /** Applies a patch when the version matches and both the old and new building are in scope. */
    async update(scope: Scope, date: string, id: number, version: number, patch: Partial<Record<Field, string | number>>) {
      const fields = (Object.keys(patch) as Field[]).filter((k) => k in COLUMNS);
      const values = Object.fromEntries(fields.map((k) => [COLUMNS[k], patch[k]])) as Record<string, string | number>;
      const target = patch.buildingId === undefined ? sql`true` : inScope(scope, date, Number(patch.buildingId));
      const [r] = await oneHouseholdPerFlat(sql`
        update household h set ${sql(values, ...fields.map((k) => COLUMNS[k]))}, version = h.version + 1, updated_at = now()
        from building b
        where h.id = ${id} and h.version = ${version} and b.id = h.building_id
          and ${buildingInScope(sql, scope, 'b', date)} and ${target}
        returning h.id`);
      return r ? Number(r.id) : undefined;
    },
  };
}
