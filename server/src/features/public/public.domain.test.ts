import { describe, expect, it } from 'vitest';
import { canRate, CELL_METRES, coarsen, presentClosedCase, presentTracked, publicSteps, type TrackedCase } from './public.domain.ts';

const metresBetween = (a: { lon: number; lat: number }, b: { lon: number; lat: number }) => {
  const dy = (a.lat - b.lat) * 111_320;
  const dx = (a.lon - b.lon) * 111_320 * Math.cos((a.lat * Math.PI) / 180);
  return Math.hypot(dx, dy);
};

describe('coarsen', () => {
  it('gives every point of a cell the same centre, within half a cell diagonal of the point', () => {
    const home = { lon: 116.350_123_4, lat: 40.003_987_6 };
    const c = coarsen(home.lon, home.lat);
    expect(c).not.toEqual(home);
    expect(metresBetween(c, home)).toBeLessThanOrEqual((CELL_METRES * Math.SQRT2) / 2 + 1);
    // a neighbour 10 m away in the same cell lands on the same centre, so the answer says nothing of where in the cell
    const cellOf = (p: { lon: number; lat: number }) => JSON.stringify(coarsen(p.lon, p.lat));
    const inside = [{ lon: c.lon + 0.0002, lat: c.lat + 0.0002 }, { lon: c.lon - 0.0003, lat: c.lat - 0.0003 }, { lon: c.lon, lat: c.lat }];
    for (const p of inside) expect(cellOf(p)).toBe(cellOf(c));
    // the centre of a cell is its own centre
    expect(coarsen(c.lon, c.lat)).toEqual(c);
  });

  it('makes cells about 100 m on each side, at the equator and in the north', () => {
    for (const lat of [0.0005, 40.0005, 53.0005]) {
      const a = coarsen(10, lat);
      const north = coarsen(10, a.lat + CELL_METRES / 111_320);
      const east = coarsen(a.lon + CELL_METRES / (111_320 * Math.cos((a.lat * Math.PI) / 180)), a.lat);
      // rows are 100 m high; each row's columns are 100 m wide at its own latitude, so the row above is offset sideways
      expect(Math.round((north.lat - a.lat) * 111_320)).toBe(CELL_METRES);
      expect(Math.round(metresBetween(a, east))).toBe(CELL_METRES);
    }
  });

  it('handles the western and southern hemispheres (negative coordinates)', () => {
    const c = coarsen(-105.0001, -39.9999);
    expect(metresBetween(c, { lon: -105.0001, lat: -39.9999 })).toBeLessThanOrEqual(71);
  });
});

describe('public steps', () => {
  it('keeps the named steps in order and leaves out the handlers\' own requests and reviews', () => {
    const at = (m: number) => new Date(Date.UTC(2026, 0, 5, 2, m));
    const steps = publicSteps([
      { action: 'report', at: at(0) }, { action: 'accept', at: at(1) }, { action: 'request_extension', at: at(2) },
      { action: 'refuse_request', at: at(3) }, { action: 'feed_back', at: at(4) }, { action: 'review', at: at(5) }, { action: 'verify', at: at(6) },
    ]);
    expect(steps).toEqual([
      { step: 'report', at: at(0).toISOString() }, { step: 'accept', at: at(1).toISOString() },
      { step: 'feed_back', at: at(4).toISOString() }, { step: 'verify', at: at(6).toISOString() },
    ]);
  });
});

describe('what the public sees', () => {
  it('shows a closed case by its coarse cell, places, dates and result, and names the closing step', () => {
    const out = presentClosedCase({
      id: 7, categoryCode: '0102', categoryName: '暴露垃圾', categoryNameEn: 'Exposed rubbish', lon: 116.3501234, lat: 40.0039876,
      community: { code: '110108010031', name: '富润社区' }, town: { code: '110108010', name: '学院路街道' }, status: 'closed',
      reportedAt: new Date('2026-01-05T02:00:00Z'), closedAt: new Date('2026-01-05T06:00:00Z'), closedOnTime: true, selfHandled: true,
      rating: null, synthetic: true,
    });
    expect(out.place).toEqual({ ...coarsen(116.3501234, 40.0039876), cellMetres: CELL_METRES });
    expect(JSON.stringify(out)).not.toContain('116.3501234');
    expect(out.closingStep).toBe('self_handle');
    expect(out.result).toEqual({ onTime: true, selfHandled: true });
    expect(out.synthetic).toBe(true);
  });

  it('gives a follower the deadline only while the case is open, and the rating only once it is finished', () => {
    const base: TrackedCase = {
      followerId: 1, ratedAt: null, rating: null, incidentId: 3, merged: false, status: 'handling', categoryCode: '0102', categoryName: '暴露垃圾',
      categoryNameEn: 'Exposed rubbish', community: '富润社区', town: '学院路街道', reportedAt: new Date('2026-01-05T02:00:00Z'),
      dueAt: new Date('2026-01-06T02:00:00Z'), dueProvisional: false, closedAt: null, closedOnTime: null, selfHandled: false, synthetic: false,
      events: [{ action: 'report', at: new Date('2026-01-05T02:00:00Z') }],
    };
    const open = presentTracked(base);
    expect(open.deadline).toEqual({ dueAt: '2026-01-06T02:00:00.000Z', provisional: false });
    expect(open.result).toBeNull();
    expect(open.rating.canRate).toBe(false);
    const closed = presentTracked({ ...base, status: 'closed', closedAt: new Date('2026-01-05T08:00:00Z'), closedOnTime: true });
    expect(closed.deadline).toBeNull();
    expect(closed.result).toEqual({ onTime: true, selfHandled: false });
    expect(closed.rating.canRate).toBe(true);
    expect(presentTracked({ ...base, status: 'voided' }).deadline).toBeNull();
  });

  it('lets a follower rate a finished case once', () => {
    expect(canRate('closed', null)).toBe(true);
    expect(canRate('evaluated', null)).toBe(true);
    expect(canRate('evaluated', new Date())).toBe(false);
    expect(canRate('fed_back', null)).toBe(false);
    expect(canRate('voided', null)).toBe(false);
  });
});
