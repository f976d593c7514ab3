import { describe, expect, it } from 'vitest';
import { isValidIdNumber } from '../seed/people.ts';
import { flatNumbers, ledgerChunks } from './households.ts';

const opts = { region: '990101', asOf: '2025-01-01', seed: 'test' };

describe('flatNumbers', () => {
  it('numbers every household once, within the building', () => {
    const flats = flatNumbers({ floors: 6, entrances: 3, households: 35 });
    expect(flats).toHaveLength(35);
    expect(new Set(flats.map(([e, r]) => `${e}-${r}`)).size).toBe(35);
    expect(flats.every(([e, r]) => e >= 1 && e <= 3 && Number(r.slice(0, -2)) <= 6)).toBe(true);
  });
});

describe('ledgerChunks', () => {
  const buildings = [
    { id: 10, floors: 6, entrances: 3, households: 40 },
    { id: 11, floors: 1, entrances: 1, households: 0 },
    { id: 12, floors: 27, entrances: 2, households: 170 },
  ];

  it('writes one household line per flat with consecutive ids and residents that point at them', () => {
    const chunks = [...ledgerChunks(buildings, 1000, opts, 50)];
    const households = chunks.flatMap((c) => c.households);
    const residents = chunks.flatMap((c) => c.residents);
    expect(households).toHaveLength(210);
    expect(households.map((l) => Number(l.split('\t')[0]))).toEqual(Array.from({ length: 210 }, (_, i) => 1000 + i));
    expect(households.filter((l) => l.split('\t')[1] === '12')).toHaveLength(170);
    const ids = new Set(households.map((l) => l.split('\t')[0]));
    expect(residents.every((l) => ids.has(l.split('\t')[0]!))).toBe(true);
    expect(residents.every((l) => isValidIdNumber(l.split('\t')[3]!))).toBe(true);
    expect(residents.length / households.length).toBeGreaterThan(1.8);
  });

  it('gives the same rows however they are chunked, and different rows for another seed', () => {
    const flat = (size: number, seed = 'test') => [...ledgerChunks(buildings, 1, { ...opts, seed }, size)].flatMap((c) => c.residents);
    expect(flat(7)).toEqual(flat(1000));
    expect(flat(1000, 'other')).not.toEqual(flat(1000));
  });
});
