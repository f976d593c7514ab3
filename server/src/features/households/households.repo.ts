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

/** A household as the picker lists it: where it is in words' parts, its head (unmasked here; routes mask) and size. */
export interface HouseholdHit {
  id: number;
  entrance: number;
  room: string;
  version: number;
  building: { id: number; name: string | null; number: string | null; address: string | null };
  compound: string | null;
  community: string | null;
  head: string | null;
  members: number;
}

const toHit = (r: Record<string, unknown>): HouseholdHit => ({
  id: Number(r.id), entrance: Number(r.entrance), room: String(r.room), version: Number(r.version),
  building: { id: Number(r.building_id), name: r.building_name as string | null, number: r.building_number as string | null, address: r.building_address as string | null },
  compound: r.compound_name as string | null, community: r.community_name as string | null, head: r.head as string | null, members: Number(r.members),
});

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

    /**
     * Households in scope whose address words (compound, street address, building name or number
     * with 号楼, entrance with 单元, room) or head's name contain every word of `q`, compared as the
     * search box compares (NFKC, no spaces, lower case); in address order, one more than `limit` to tell if there are more.
     */
    async search(scope: Scope, date: string, f: { q?: string; limit: number; offset: number }) {
      const words = (f.q ?? '').trim().split(/\s+/).filter(Boolean);
      const rows = await sql`
        select h.id, h.entrance, h.room, h.version, b.id as building_id, b.name as building_name, b.number as building_number,
               b.address as building_address, c.name as compound_name, j.name as community_name, hd.name as head, hd.members
        from household h join building b on b.id = h.building_id
        left join compound c on c.id = b.compound_id
        left join jurisdiction j on j.id = b.community_id
        cross join lateral (
          select (array_agg(r.name order by r.relation <> 'head', r.id))[1] as name, count(r.id)::int as members
          from resident r where r.household_id = h.id) hd
        where ${buildingInScope(sql, scope, 'b', date)}
          and not exists (
            select 1 from unnest(${words}::text[]) w
            where strpos(wangge_search_norm(concat_ws(' ', c.name, b.address, b.name, b.number || '号楼', h.entrance || '单元', h.room, hd.name)),
                         wangge_search_norm(w)) = 0)
        order by c.name nulls last, b.name nulls last, length(b.number), b.number, b.id, h.entrance, length(h.room), h.room, h.id
        limit ${f.limit + 1} offset ${f.offset}`;
      return { items: rows.slice(0, f.limit).map(toHit), more: rows.length > f.limit };
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
