/** Households and residents of the synthetic buildings, as COPY lines built in bounded chunks. */
import { generateHousehold } from '../seed/people.ts';
import { createRandom } from '../seed/random.ts';
import { copyLine, textArray } from './copy-text.ts';

/** What a building contributes to the ledger. */
export interface DwellingBuilding {
  id: number;
  floors: number;
  entrances: number;
  households: number;
}

/** One chunk of rows for the household and resident tables. */
export interface LedgerChunk {
  households: string[];
  residents: string[];
  residentCount: number;
}

export interface LedgerOptions {
  region: string;
  asOf: string;
  seed: string;
}

/**
 * Entrance and room number of each flat: entrances are filled one after the other, floor by
 * floor, with as many flats per floor as the households need ("1502" = floor 15, flat 2).
 */
export function flatNumbers(b: Omit<DwellingBuilding, 'id'>): [number, string][] {
  const perFloor = Math.max(1, Math.ceil(b.households / (b.entrances * b.floors)));
  const flats: [number, string][] = [];
  for (let e = 1; e <= b.entrances && flats.length < b.households; e++) {
    for (let f = 1; f <= b.floors && flats.length < b.households; f++) {
      for (let u = 1; u <= perFloor && flats.length < b.households; u++) flats.push([e, `${f}${String(u).padStart(2, '0')}`]);
    }
  }
  // more households than entrances × floors × perFloor cannot happen, but stay total
  while (flats.length < b.households) flats.push([b.entrances, `${b.floors}${String(flats.length).padStart(2, '0')}`]);
  return flats;
}

/** Rows for one building; its people come from a stream seeded by the building's position, so chunks are independent. */
export function buildingLedger(b: DwellingBuilding, index: number, firstHousehold: number, opts: LedgerOptions, out: LedgerChunk): void {
  const rng = createRandom(`${opts.seed}/people/${index}`);
  const stamp = `${opts.asOf} 00:00:00+00`;
  flatNumbers(b).forEach(([entrance, room], k) => {
    const id = firstHousehold + k;
    const h = generateHousehold(rng, { countyCode: opts.region, asOf: opts.asOf });
    out.households.push(copyLine([id, b.id, opts.region, entrance, room, h.housing, true, stamp]));
    for (const p of h.members) {
      out.residents.push(copyLine([id, opts.region, p.name, p.idNumber, p.phone, p.gender, p.birthDate, p.relation, textArray(p.specialGroups), true, stamp]));
    }
    out.residentCount += h.members.length;
  });
}

export const HOUSEHOLD_COLUMNS = ['id', 'building_id', 'region_code', 'entrance', 'room', 'housing', 'synthetic', 'updated_at'];
export const RESIDENT_COLUMNS = ['household_id', 'region_code', 'name', 'id_number', 'phone', 'gender', 'birth_date', 'relation', 'special_groups', 'synthetic', 'updated_at'];

/** Yields ledger chunks of roughly `chunkHouseholds` households; household ids run on from `firstHousehold`. */
export function* ledgerChunks(buildings: readonly DwellingBuilding[], firstHousehold: number, opts: LedgerOptions, chunkHouseholds = 20_000): Generator<LedgerChunk> {
  let next = firstHousehold;
  let chunk: LedgerChunk = { households: [], residents: [], residentCount: 0 };
  for (const [index, b] of buildings.entries()) {
    if (b.households <= 0) continue;
    buildingLedger(b, index, next, opts, chunk);
    next += b.households;
    if (chunk.households.length >= chunkHouseholds) {
      yield chunk;
      chunk = { households: [], residents: [], residentCount: 0 };
    }
  }
  if (chunk.households.length) yield chunk;
}
