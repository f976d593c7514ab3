import { describe, expect, it } from 'vitest';
import { bandStatus, planDate } from './grids.domain.ts';

describe('bandStatus', () => {
  const band = { min: 200, max: 500 };
  it('puts both ends of the band inside it', () => {
    expect(bandStatus(200, band)).toBe('within');
    expect(bandStatus(500, band)).toBe('within');
  });
  it('flags grids under and over the band', () => {
    expect(bandStatus(199, band)).toBe('under');
    expect(bandStatus(501, band)).toBe('over');
  });
});

describe('planDate', () => {
  it('uses the date in China, not UTC', () => {
    expect(planDate(new Date('2026-03-01T17:00:00Z'))).toBe('2026-03-02');
    expect(planDate(new Date('2026-03-01T15:59:59Z'))).toBe('2026-03-01');
  });

  it('turns at midnight to the millisecond, however often it is asked, and keeps zones apart', () => {
    const before = new Date('2026-03-01T15:59:59.999Z');
    const after = new Date('2026-03-01T16:00:00.000Z');
    expect([planDate(before), planDate(before), planDate(after), planDate(after), planDate(before)])
      .toEqual(['2026-03-01', '2026-03-01', '2026-03-02', '2026-03-02', '2026-03-01']);
    expect(planDate(after, 'UTC')).toBe('2026-03-01');
    expect(planDate(after)).toBe('2026-03-02');
  });
});
