/**
 * Synthetic household and resident ledger for every residential building of the demo.
 * All rows are synthetic = true; the seed is fixed, so every run writes the same rows.
 */
import type { TransactionSql } from 'postgres';
import { layoutDwellings } from './estimate.ts';
import { AS_OF, COUNTY_CODE, DEMO_SEED } from './haidian-source.ts';
import { generateHousehold, uniqueIdNumber } from './people.ts';
import { createRandom } from './random.ts';

type Tx = TransactionSql;

/** Column arrays for one unnest() insert: any row count costs a fixed number of bind parameters. */
interface LedgerColumns {
  hh: { building: number[]; entrance: number[]; room: string[]; housing: string[] };
  res: {
    building: number[]; entrance: number[]; room: string[]; name: string[]; idNumber: string[];
    phone: (string | null)[]; gender: string[]; birth: string[]; relation: string[]; groups: string[];
  };
}

interface ResidentialBuilding {
  id: string;
  osm_id: string;
  floors: number;
  entrances: number;
  households: number;
}

function emptyColumns(): LedgerColumns {
  return {
    hh: { building: [], entrance: [], room: [], housing: [] },
    res: { building: [], entrance: [], room: [], name: [], idNumber: [], phone: [], gender: [], birth: [], relation: [], groups: [] },
  };
}

/**
 * Generates the households of one building from its own random stream (stable if other buildings
 * change); `taken` holds the ID numbers given so far, a repeat takes the next free one.
 */
function generateBuilding(b: ResidentialBuilding, cols: LedgerColumns, taken: Set<string>): void {
  const rng = createRandom(DEMO_SEED).fork(b.osm_id);
  const building = Number(b.id);
  for (const d of layoutDwellings(b.households, b.entrances, b.floors)) {
    const h = generateHousehold(rng, { countyCode: COUNTY_CODE, asOf: AS_OF });
    cols.hh.building.push(building);
    cols.hh.entrance.push(d.entrance);
    cols.hh.room.push(d.room);
    cols.hh.housing.push(h.housing);
    for (const p of h.members) {
      const r = cols.res;
      r.building.push(building);
      r.entrance.push(d.entrance);
      r.room.push(d.room);
      r.name.push(p.name);
      r.idNumber.push(uniqueIdNumber(p.idNumber, taken));
      r.phone.push(p.phone);
      r.gender.push(p.gender);
      r.birth.push(p.birthDate);
      r.relation.push(p.relation);
      // a text[][] column cannot be ragged, so tags travel as one comma-joined string per person
      r.groups.push(p.specialGroups.join(','));
    }
  }
}

/** Writes households (room numbers per entrance and floor) and residents; returns their counts. */
export async function insertLedger(tx: Tx): Promise<{ households: number; residents: number }> {
  const buildings = await tx<ResidentialBuilding[]>`
    select id, osm_id, floors, entrances, households from building
    where kind = 'residential' and households > 0 order by osm_id`;
  const cols = emptyColumns();
  const taken = new Set<string>();
  for (const b of buildings) generateBuilding(b, cols, taken);
  const { hh, res } = cols;
  await tx`
    insert into household (building_id, region_code, entrance, room, housing, synthetic)
    select b, ${COUNTY_CODE}, e, r, h, true
    from unnest(${hh.building}::bigint[], ${hh.entrance}::int[], ${hh.room}::text[], ${hh.housing}::text[]) with ordinality as x(b, e, r, h, n)
    order by n`;
  await tx`
    insert into resident (household_id, region_code, name, id_number, phone, gender, birth_date, relation, special_groups, synthetic)
    select h.id, ${COUNTY_CODE}, x.name, x.idn, x.phone, x.gender, x.birth::date, x.rel,
      coalesce(string_to_array(nullif(x.groups, ''), ','), '{}'), true
    from unnest(${res.building}::bigint[], ${res.entrance}::int[], ${res.room}::text[], ${res.name}::text[], ${res.idNumber}::text[],
      ${res.phone}::text[], ${res.gender}::text[], ${res.birth}::text[], ${res.relation}::text[], ${res.groups}::text[]) with ordinality
      as x(b, e, r, name, idn, phone, gender, birth, rel, groups, n)
    join household h on h.building_id = x.b and h.entrance = x.e and h.room = x.r
    order by x.n`;
  return { households: hh.building.length, residents: res.building.length };
}
