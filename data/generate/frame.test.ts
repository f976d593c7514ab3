import { describe, expect, it } from 'vitest';
import { centredFrame, cutLine, inset, latText, lineEwkt, lonText, rectEwkt, splitLines } from './frame.ts';

const frame = { lon0: 120, lat0: 30 };

describe('metric frame', () => {
  it('maps metres to degrees near the expected scale, y growing southwards', () => {
    expect(Number(lonText(frame, 1000)) - 120).toBeCloseTo(1000 / (111_320 * Math.cos(Math.PI / 6)), 6);
    expect(Number(latText(frame, 1000))).toBeLessThan(30);
  });

  it('writes a closed counter-clockwise rectangle as EWKT', () => {
    const text = rectEwkt(frame, { x0: 0, y0: 0, x1: 100, y1: 50 });
    expect(text).toMatch(/^SRID=4326;MULTIPOLYGON\(\(\(/);
    const ring = text.slice(text.indexOf('(((') + 3, -3).split(',');
    expect(ring).toHaveLength(5);
    expect(ring[0]).toBe(ring[4]);
    expect(lineEwkt(frame, [[0, 0], [10, 0]])).toBe(`SRID=4326;LINESTRING(120.0000000 30.0000000,${lonText(frame, 10)} 30.0000000)`);
  });

  it('centres a region on the requested point', () => {
    const f = centredFrame(120.1, 30.25, 2000, 1000);
    expect(Number(lonText(f, 1000))).toBeCloseTo(120.1, 6);
    expect(Number(latText(f, 500))).toBeCloseTo(30.25, 6);
  });

  it('cuts lines that end exactly where they should, so neighbours share edges', () => {
    expect(cutLine(0.1, 0.7, 3, 3)).toBe(0.7);
    expect(cutLine(0.1, 0.7, 0, 3)).toBe(0.1);
    const lines = splitLines(10.3, 99.7, [1, 2, 3]);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe(99.7);
    expect(lines[1]! - lines[0]!).toBeCloseTo((99.7 - 10.3) / 6, 9);
  });

  it('insets without turning a small rectangle inside out', () => {
    expect(inset({ x0: 0, y0: 0, x1: 100, y1: 100 }, 5)).toEqual({ x0: 5, y0: 5, x1: 95, y1: 95 });
    const tiny = inset({ x0: 0, y0: 0, x1: 4, y1: 4 }, 5);
    expect(tiny.x1).toBeGreaterThan(tiny.x0);
  });
});
