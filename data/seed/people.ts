/**
 * Synthetic residents: plausible Chinese households with valid GB 11643 ID numbers.
 * Pure and deterministic for a given Random stream. Used by the Haidian demo loader and by
 * the synthetic-town generator; the exported API below is stable.
 * Every value is fabricated; rows made from it must be stored with synthetic = true.
 */
import { idNumberChecksum, isValidIdNumber } from '../../server/src/features/residents/residents.domain.ts';
import type { Random } from './random.ts';
import { GIVEN, MIGRANT_ORIGIN_CODES, MOBILE_PREFIXES, SURNAMES } from './people-names.ts';

export type Gender = 'M' | 'F';
export type Relation = 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'other';
export type Housing = 'owned' | 'rented' | 'public' | 'other';
/** The special-group vocabulary of resident.special_groups (DESIGN.md §3). */
export type SpecialGroup = 'elderly_alone' | 'disabled' | 'low_income' | 'unemployed' | 'migrant' | 'renter' | 'key_person';

export interface Person {
  name: string;
  gender: Gender;
  /** YYYY-MM-DD */
  birthDate: string;
  /** whole years on the asOf date */
  age: number;
  idNumber: string;
  /** 11-digit mobile, or null for young children */
  phone: string | null;
  relation: Relation;
  specialGroups: SpecialGroup[];
}

export interface SyntheticHousehold {
  housing: Housing;
  /** registered elsewhere (流动人口): ID numbers carry an origin county code */
  migrant: boolean;
  /** 1–5 persons, the head first */
  members: Person[];
}

export interface HouseholdOptions {
  /** 6-digit county code used in the ID numbers of locally registered people, e.g. '110108' */
  countyCode: string;
  /** date the ages refer to, 'YYYY-MM-DD' or a Date */
  asOf: string | Date;
}

/** Rates behind the special-group tags (per person unless noted); see data/README.md. */
export const RATES = {
  migrantHousehold: 0.3,
  rentedIfMigrant: 0.75,
  rentedIfLocal: 0.1,
  disabled: 0.02,
  disabledExtraElderly: 0.04,
  lowIncomeHousehold: 0.006,
  unemployedWorkingAge: 0.035,
  keyPerson: 0.002,
  elderlyAge: 60,
} as const;

const DAY_MS = 86_400_000;

// the GB 11643 rule lives with the residents ledger, which validates what people type
export { idNumberChecksum, isValidIdNumber };

/** Builds an ID number: area code, birth date, a random 2-digit sequence, the gender digit (odd = male), checksum. */
export function generateIdNumber(rng: Random, areaCode: string, birthDate: string, gender: Gender): string {
  const seq = String(rng.int(0, 99)).padStart(2, '0');
  const genderDigit = 2 * rng.int(0, 4) + (gender === 'M' ? 1 : 0);
  const first17 = `${areaCode}${birthDate.replace(/-/g, '')}${seq}${genderDigit}`;
  return first17 + idNumberChecksum(first17);
}

/**
 * `id` when `taken` does not hold it yet, else the first free number of the same area, birth date and
 * sex (the 3-digit sequence stepped by 2 keeps the sex digit's parity); the result is added to `taken`.
 * Random sequences repeat now and then (500 per area, day and sex) and the ledger holds a number once.
 */
export function uniqueIdNumber(id: string, taken: Set<string>): string {
  const seq = Number(id.slice(14, 17));
  let candidate = id;
  for (let k = 1; taken.has(candidate); k++) {
    if (k >= 500) throw new Error(`No free ID number left for area ${id.slice(0, 6)} and birth date ${id.slice(6, 14)}`);
    const first17 = `${id.slice(0, 14)}${String((seq + 2 * k) % 1000).padStart(3, '0')}`;
    candidate = first17 + idNumberChecksum(first17);
  }
  taken.add(candidate);
  return candidate;
}

/** A mobile number 1[3-9]x-xxxx-xxxx from a real carrier segment. */
export function generatePhone(rng: Random): string {
  return rng.pick(MOBILE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

/** A full name: a surname by real frequency (unless given) and a given name fitting gender and generation. */
export function generateName(rng: Random, gender: Gender, birthYear: number, surname?: string): string {
  const pool = birthYear < 1975 ? GIVEN.older : GIVEN.younger;
  return (surname ?? rng.weighted(SURNAMES)) + rng.pick(pool[gender]);
}

function toDate(asOf: string | Date): Date {
  const d = typeof asOf === 'string' ? new Date(`${asOf}T00:00:00Z`) : asOf;
  if (Number.isNaN(d.getTime())) throw new Error(`bad asOf date: ${String(asOf)}`);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** A birth date (YYYY-MM-DD) at which a person is exactly `age` whole years old on `asOf`. */
export function birthDateForAge(rng: Random, age: number, asOf: string | Date): string {
  const ref = toDate(asOf);
  const yearsBack = (n: number) => Date.UTC(ref.getUTCFullYear() - n, ref.getUTCMonth(), ref.getUTCDate());
  // born after (asOf − (age+1) years) and on or before (asOf − age years)
  const latest = yearsBack(age);
  const span = Math.round((latest - yearsBack(age + 1)) / DAY_MS);
  return new Date(latest - rng.int(0, span - 1) * DAY_MS).toISOString().slice(0, 10);
}

/** Whole years between a YYYY-MM-DD birth date and asOf. */
export function ageOn(birthDate: string, asOf: string | Date): number {
  const ref = toDate(asOf);
  const [y, m, d] = birthDate.split('-').map(Number) as [number, number, number];
  const before = ref.getUTCMonth() + 1 < m || (ref.getUTCMonth() + 1 === m && ref.getUTCDate() < d);
  return ref.getUTCFullYear() - y - (before ? 1 : 0);
}

interface Sketch {
  relation: Relation;
  age: number;
  gender: Gender;
}

const other = (g: Gender): Gender => (g === 'M' ? 'F' : 'M');
const clampAge = (a: number) => Math.max(0, Math.min(98, a));

/** Household sizes of Beijing (2020 census: mean about 2.3 persons). */
const SIZE_WEIGHTS = { '1': 27, '2': 33, '3': 22, '4': 11, '5': 7 } as const;

function couple(rng: Random, minAge: number, maxAge: number): Sketch[] {
  const head: Sketch = { relation: 'head', age: rng.int(minAge, maxAge), gender: rng.chance(0.6) ? 'M' : 'F' };
  return [head, { relation: 'spouse', age: clampAge(head.age + rng.int(-4, 4)), gender: other(head.gender) }];
}

function childOf(rng: Random, parentAge: number, relation: Relation = 'child'): Sketch {
  return { relation, age: clampAge(parentAge - rng.int(24, 34)), gender: rng.chance(0.51) ? 'M' : 'F' };
}

function parentOf(rng: Random, childAge: number, gender: Gender): Sketch {
  return { relation: 'parent', age: Math.min(98, childAge + rng.int(24, 32)), gender };
}

function singleHead(rng: Random): Sketch {
  const band = rng.weighted({ young: 30, middle: 30, senior: 22, old: 18 });
  const ranges = { young: [20, 34], middle: [35, 59], senior: [60, 74], old: [75, 92] } as const;
  const [lo, hi] = ranges[band];
  return { relation: 'head', age: rng.int(lo, hi), gender: rng.chance(band === 'old' ? 0.35 : 0.5) ? 'M' : 'F' };
}

/** Who lives together: relations, ages and genders for a household of `size` persons. */
function sketchHousehold(rng: Random, size: number): Sketch[] {
  if (size === 1) return [singleHead(rng)];
  if (size === 2) {
    if (rng.chance(0.7)) return couple(rng, 24, 86);
    const head = { ...singleHead(rng), age: rng.int(45, 85) };
    return [head, childOf(rng, head.age)];
  }
  if (size === 3) {
    const c = couple(rng, 28, 62);
    return [...c, childOf(rng, c[0]!.age)];
  }
  if (size === 4) {
    const c = couple(rng, 32, 58);
    return [...c, childOf(rng, c[0]!.age), rng.chance(0.5) ? childOf(rng, c[0]!.age) : parentOf(rng, c[0]!.age, 'F')];
  }
  const c = couple(rng, 30, 50);
  return [...c, childOf(rng, c[0]!.age), parentOf(rng, c[0]!.age, 'M'), parentOf(rng, c[0]!.age, 'F')];
}

function personGroups(rng: Random, s: Sketch, size: number): SpecialGroup[] {
  const groups: SpecialGroup[] = [];
  if (size === 1 && s.age >= RATES.elderlyAge) groups.push('elderly_alone');
  if (rng.chance(RATES.disabled + (s.age >= RATES.elderlyAge ? RATES.disabledExtraElderly : 0))) groups.push('disabled');
  if (s.age >= 18 && s.age < 60 && rng.chance(RATES.unemployedWorkingAge)) groups.push('unemployed');
  if (s.age >= 18 && s.age <= 70 && rng.chance(RATES.keyPerson)) groups.push('key_person');
  return groups;
}

/** One synthetic household (1–5 persons) with names, ID numbers, phones and special-group tags. */
export function generateHousehold(rng: Random, opts: HouseholdOptions): SyntheticHousehold {
  if (!/^\d{6}$/.test(opts.countyCode)) throw new Error(`countyCode must be 6 digits, got "${opts.countyCode}"`);
  const size = Number(rng.weighted(SIZE_WEIGHTS));
  const sketches = sketchHousehold(rng, size);
  const migrant = rng.chance(RATES.migrantHousehold);
  const areaCode = migrant ? rng.pick(MIGRANT_ORIGIN_CODES) : opts.countyCode;
  const housing: Housing = rng.chance(migrant ? RATES.rentedIfMigrant : RATES.rentedIfLocal)
    ? 'rented'
    : rng.weighted({ owned: 90, public: 7, other: 3 });
  const lowIncome = rng.chance(RATES.lowIncomeHousehold);
  // children and the head's father carry the family surname
  const familySurname = rng.weighted(SURNAMES);
  const members = sketches.map((s): Person => {
    const birthDate = birthDateForAge(rng, s.age, opts.asOf);
    const inherits = s.relation === 'child' || s.relation === 'grandchild' || (s.relation === 'head' && s.gender === 'M')
      || (s.relation === 'spouse' && s.gender === 'M') || (s.relation === 'parent' && s.gender === 'M');
    const groups = personGroups(rng, s, size);
    if (lowIncome) groups.push('low_income');
    if (migrant) groups.push('migrant');
    if (housing === 'rented') groups.push('renter');
    return {
      name: generateName(rng, s.gender, Number(birthDate.slice(0, 4)), inherits ? familySurname : undefined),
      gender: s.gender,
      birthDate,
      age: s.age,
      idNumber: generateIdNumber(rng, areaCode, birthDate, s.gender),
      phone: s.age >= 12 && (s.age < 80 || rng.chance(0.7)) ? generatePhone(rng) : null,
      relation: s.relation,
      specialGroups: groups,
    };
  });
  return { housing, migrant, members };
}
