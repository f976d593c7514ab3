import { describe, expect, it } from 'vitest';
import type { Rect } from './frame.ts';
import { buildModel, GRID_MAX } from './model.ts';

const contains = (a: Rect, b: Rect) => b.x0 >= a.x0 && b.y0 >= a.y0 && b.x1 <= a.x1 && b.y1 <= a.y1;
const overlapArea = (a: Rect, b: Rect) =>
  Math.max(0, Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)) * Math.max(0, Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0));

describe('buildModel', () => {
  const model = buildModel({ households: 60_000, seed: 7, region: '990101' });

  it('holds exactly the requested households in the 合成区 hierarchy with well-formed codes', () => {
    expect(model.buildings.reduce((s, b) => s + b.households, 0)).toBe(60_000);
    expect(model.jurisdictions[0]).toMatchObject({ code: '990101', name: '合成区', level: 'county' });
    for (const j of model.jurisdictions.slice(1)) {
      expect(j.code).toMatch(j.level === 'town' ? /^990101\d{3}$/ : /^990101\d{6}$/);
      expect(j.code.startsWith(model.jurisdictions[j.parent!]!.code)).toBe(true);
    }
    const codes = model.grids.map((g) => g.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const g of model.grids) expect(g.code).toMatch(new RegExp(`^${model.jurisdictions[g.community]!.code}\\d{3}$`));
  });

  it('puts every building in exactly one grid, of its own community, and grids never overlap', () => {
    for (const b of model.buildings) {
      const holders = model.grids.filter((g) => contains(g.rect, b.rect));
      expect(holders).toHaveLength(1);
      expect(holders[0]!.community).toBe(b.community);
    }
    const sample = model.grids.slice(0, 80);
    for (const a of sample) for (const b of model.grids) if (a !== b) expect(overlapArea(a.rect, b.rect)).toBeLessThan(1e-6);
  });

  it('keeps most grids within 200–500 households', () => {
    const within = model.grids.filter((g) => g.households >= 200 && g.households <= GRID_MAX).length;
    expect(within / model.grids.length).toBeGreaterThan(0.85);
  });

  it('numbers grids north→south, then west→east within a row', () => {
    const first = model.grids.filter((g) => g.community === model.grids[0]!.community);
    const row = (g: (typeof first)[number]) => Math.floor((g.rect.y0 + g.rect.y1) / 300);
    for (let k = 1; k < first.length; k++) expect(row(first[k]!)).toBeGreaterThanOrEqual(row(first[k - 1]!));
  });

  it('is identical for the same seed and size, different for another seed', () => {
    expect(buildModel({ households: 8_000, seed: 7, region: '990101' })).toEqual(buildModel({ households: 8_000, seed: 7, region: '990101' }));
    expect(buildModel({ households: 8_000, seed: 8, region: '990101' }).buildings).not.toEqual(buildModel({ households: 8_000, seed: 7, region: '990101' }).buildings);
  });
});
