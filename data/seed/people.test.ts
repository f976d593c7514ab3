import { describe, expect, it } from 'vitest';
import {
  ageOn, birthDateForAge, generateHousehold, generateIdNumber, generatePhone, idNumberChecksum, isValidIdNumber, uniqueIdNumber,
  type SyntheticHousehold,
} from './people.ts';
import { createRandom } from './random.ts';

const OPTS = { countyCode: '110108', asOf: '2025-06-01' };

function many(n: number, seed = 'people'): SyntheticHousehold[] {
  const rng = createRandom(seed);
  return Array.from({ length: n }, () => generateHousehold(rng, OPTS));
}

describe('ID numbers (GB 11643)', () => {
  it('computes the published checksum of known numbers', () => {
    // the standard's own worked example and a well-known sample with an X check character
    expect(idNumberChecksum('11010519491231002')).toBe('X');
    expect(idNumberChecksum('44052418800101001')).toBe('4');
  });

  it('rejects wrong checksums, impossible dates and bad shapes', () => {
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
    expect(isValidIdNumber('110105194912310021')).toBe(false);
    expect(isValidIdNumber('110105194902300020')).toBe(false); // 30 February
    expect(isValidIdNumber('11010519491231002')).toBe(false);
    expect(() => idNumberChecksum('12345')).toThrow();
  });

  it('encodes area, birth date and gender parity', () => {
    const rng = createRandom(1);
    for (let i = 0; i < 200; i++) {
      const gender = i % 2 ? 'M' : 'F';
      const id = generateIdNumber(rng, '110108', '1987-02-28', gender);
      expect(isValidIdNumber(id)).toBe(true);
      expect(id.slice(0, 14)).toBe('11010819870228');
      expect(Number(id[16]) % 2).toBe(gender === 'M' ? 1 : 0);
    }
  });
});

describe('uniqueIdNumber', () => {
  it('keeps a new number, and gives a repeat the next free valid one of the same area, birth date and sex', () => {
    const taken = new Set<string>();
    expect(uniqueIdNumber('11010519491231002X', taken)).toBe('11010519491231002X');
    const again = uniqueIdNumber('11010519491231002X', taken);
    expect(again.slice(0, 17)).toBe('11010519491231004');
    expect(isValidIdNumber(again)).toBe(true);
    expect(uniqueIdNumber('11010519491231002X', taken).slice(14, 17)).toBe('006');
    expect(taken.size).toBe(3);
  });

  it('wraps around the sequences and gives up only when all 500 of that sex are taken', () => {
    const taken = new Set<string>();
    const numbers = Array.from({ length: 500 }, () => uniqueIdNumber(`11010519491231998${idNumberChecksum('11010519491231998')}`, taken));
    expect(new Set(numbers).size).toBe(500);
    expect(numbers.every((n) => isValidIdNumber(n) && Number(n[16]) % 2 === 0)).toBe(true);
    expect(numbers[1]!.slice(14, 17)).toBe('000');
    expect(() => uniqueIdNumber(numbers[0]!, taken)).toThrow(/No free ID number/);
  });
});

describe('birth dates and phones', () => {
  it('gives a birth date at which the person has exactly the requested age', () => {
    const rng = createRandom(2);
    for (const asOf of ['2025-06-01', '2024-02-29', '2025-01-01']) {
      for (let age = 0; age < 100; age += 7) {
        for (let i = 0; i < 20; i++) expect(ageOn(birthDateForAge(rng, age, asOf), asOf)).toBe(age);
      }
    }
  });

  it('makes 11-digit mobile numbers 1[3-9]x', () => {
    const rng = createRandom(3);
    for (let i = 0; i < 500; i++) expect(generatePhone(rng)).toMatch(/^1[3-9]\d{9}$/);
  });
});

describe('generateHousehold', () => {
  it('is deterministic for a seed', () => {
    expect(many(50, 'x')).toEqual(many(50, 'x'));
    expect(many(50, 'x')).not.toEqual(many(50, 'y'));
  });

  it('keeps every member consistent: valid ID, age matches the birth date and the ID, gender digit', () => {
    for (const h of many(2000)) {
      expect(h.members.length).toBeGreaterThanOrEqual(1);
      expect(h.members.length).toBeLessThanOrEqual(5);
      expect(h.members[0]!.relation).toBe('head');
      for (const p of h.members) {
        expect(isValidIdNumber(p.idNumber)).toBe(true);
        expect(p.idNumber.slice(6, 14)).toBe(p.birthDate.replace(/-/g, ''));
        expect(ageOn(p.birthDate, OPTS.asOf)).toBe(p.age);
        expect(Number(p.idNumber[16]) % 2).toBe(p.gender === 'M' ? 1 : 0);
        expect(p.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
        if (p.age < 12) expect(p.phone).toBeNull();
        expect(p.idNumber.startsWith('110108')).toBe(!h.migrant);
      }
    }
  });

  it('has realistic sizes, ages and special-group rates', () => {
    const hs = many(5000);
    const people = hs.flatMap((h) => h.members);
    const mean = people.length / hs.length;
    expect(mean).toBeGreaterThan(2.0);
    expect(mean).toBeLessThan(2.7);
    const share = (f: (p: (typeof people)[number]) => boolean) => people.filter(f).length / people.length;
    expect(share((p) => p.age >= 65)).toBeGreaterThan(0.08);
    expect(share((p) => p.age >= 65)).toBeLessThan(0.3);
    expect(share((p) => p.age < 18)).toBeGreaterThan(0.05);
    expect(share((p) => p.specialGroups.includes('migrant'))).toBeGreaterThan(0.2);
    expect(share((p) => p.specialGroups.includes('migrant'))).toBeLessThan(0.4);
    expect(share((p) => p.specialGroups.includes('disabled'))).toBeGreaterThan(0.01);
    expect(share((p) => p.specialGroups.includes('disabled'))).toBeLessThan(0.06);
    expect(share((p) => p.specialGroups.includes('key_person'))).toBeLessThan(0.01);
    const alone = hs.filter((h) => h.members.length === 1 && h.members[0]!.age >= 60);
    expect(alone.every((h) => h.members[0]!.specialGroups.includes('elderly_alone'))).toBe(true);
    expect(people.filter((p) => p.specialGroups.includes('elderly_alone')).length).toBe(alone.length);
    const renters = hs.filter((h) => h.housing === 'rented');
    expect(renters.every((h) => h.members.every((p) => p.specialGroups.includes('renter')))).toBe(true);
  });

  it('draws surnames by frequency: 王 李 张 are common, rare ones rare', () => {
    const heads = many(3000).map((h) => h.members[0]!.name);
    const wang = heads.filter((n) => n.startsWith('王')).length / heads.length;
    expect(wang).toBeGreaterThan(0.05);
    expect(wang).toBeLessThan(0.12);
  });

  it('refuses a county code that is not 6 digits', () => {
    expect(() => generateHousehold(createRandom(1), { countyCode: '1101', asOf: '2025-01-01' })).toThrow(/6 digits/);
  });
});
