import { describe, expect, it } from 'vitest';
import type { WorkerPosition } from '../../api/coverage.ts';
import { isStale, mergePosition, parsePosition, positionFeatures, reconnectDelay, sinceParts } from './live.ts';

const pos = (userId: number, fixedAt: string, over: Partial<WorkerPosition> = {}): WorkerPosition => ({
  userId, name: `w${userId}`, role: 'grid_leader', lon: 116.3, lat: 39.99, fixedAt, accuracy: 5, speed: 1, heading: null, patrolId: 7, stale: false, ...over,
});
const NOW = new Date('2025-03-03T04:00:00Z');

describe('live positions', () => {
  it('replaces a worker’s position with a newer one and adds a new worker', () => {
    const list = [pos(1, '2025-03-03T03:59:00Z'), pos(2, '2025-03-03T03:59:00Z')];
    const next = mergePosition(list, pos(1, '2025-03-03T03:59:30Z', { lon: 116.31 }));
    expect(next.map((p) => [p.userId, p.lon])).toEqual([[1, 116.31], [2, 116.3]]);
    expect(mergePosition(list, pos(3, '2025-03-03T03:59:30Z'))).toHaveLength(3);
  });
  it('ignores an event older than the position it has (events may cross the first load)', () => {
    const list = [pos(1, '2025-03-03T03:59:30Z', { lon: 116.31 })];
    expect(mergePosition(list, pos(1, '2025-03-03T03:59:00Z'))[0]!.lon).toBe(116.31);
  });
  it('turns stale after two minutes', () => {
    expect(isStale('2025-03-03T03:58:01Z', NOW)).toBe(false);
    expect(isStale('2025-03-03T03:57:59Z', NOW)).toBe(true);
    expect(isStale('garbage', NOW)).toBe(true);
  });
  it('says how long ago in the largest whole unit', () => {
    expect(sinceParts('2025-03-03T03:59:55Z', NOW)).toEqual({ unit: 'now', n: 0 });
    expect(sinceParts('2025-03-03T03:59:15Z', NOW)).toEqual({ unit: 'seconds', n: 45 });
    expect(sinceParts('2025-03-03T03:55:00Z', NOW)).toEqual({ unit: 'minutes', n: 5 });
    expect(sinceParts('2025-03-03T01:00:00Z', NOW)).toEqual({ unit: 'hours', n: 3 });
    expect(sinceParts('2025-03-01T01:00:00Z', NOW)).toEqual({ unit: 'days', n: 2 });
  });
  it('draws each worker as a point with its stale flag and label', () => {
    const fc = positionFeatures([pos(1, '2025-03-03T03:59:00Z'), pos(2, '2025-03-03T03:50:00Z'), pos(3, 'x', { lon: Number.NaN })], NOW, (p) => `${p.name}!`);
    expect(fc.features.map((f) => [f.properties!.userId, f.properties!.stale, f.properties!.label])).toEqual([[1, false, 'w1!'], [2, true, 'w2!']]);
  });
  it('waits longer after each failed reconnection, up to 30 s', () => {
    expect([0, 1, 2, 5, 9].map(reconnectDelay)).toEqual([1000, 2000, 4000, 30_000, 30_000]);
  });
  it('reads an event’s position, refusing anything else', () => {
    expect(parsePosition(JSON.stringify(pos(1, '2025-03-03T03:59:00Z')))?.userId).toBe(1);
    expect(parsePosition('{"userId":"1"}')).toBeNull();
    expect(parsePosition('not json')).toBeNull();
  });
});
