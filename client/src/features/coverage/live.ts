// Pure rules of the live positions: merging the stream's events into the list, when a position is
// stale, what the map draws, and how long to wait before reconnecting a dropped stream.
import type { WorkerPosition } from '../../api/coverage.ts';

/** A position older than this is drawn grey: the phone stopped reporting. */
export const STALE_MS = 2 * 60_000;

/** The list with one worker's new position in place of the old one (an older event changes nothing). */
export function mergePosition(list: readonly WorkerPosition[], next: WorkerPosition): WorkerPosition[] {
  const i = list.findIndex((p) => p.userId === next.userId);
  if (i < 0) return [...list, next];
  if (Date.parse(list[i]!.fixedAt) > Date.parse(next.fixedAt)) return [...list];
  return list.map((p, j) => (j === i ? next : p));
}

/** Whether a position is older than STALE_MS at `now`. */
export function isStale(fixedAt: string, now: Date): boolean {
  const t = Date.parse(fixedAt);
  return Number.isNaN(t) || now.getTime() - t > STALE_MS;
}

/** How long ago, in the largest whole unit: the words of "last seen". */
export function sinceParts(fixedAt: string, now: Date): { unit: 'now' | 'seconds' | 'minutes' | 'hours' | 'days'; n: number } {
  const s = Math.max(0, Math.floor((now.getTime() - Date.parse(fixedAt)) / 1000));
  if (!Number.isFinite(s) || s < 10) return { unit: 'now', n: 0 };
  if (s < 60) return { unit: 'seconds', n: s };
  if (s < 3600) return { unit: 'minutes', n: Math.floor(s / 60) };
  if (s < 86_400) return { unit: 'hours', n: Math.floor(s / 3600) };
  return { unit: 'days', n: Math.floor(s / 86_400) };
}

/** The workers' positions as map points: name, stale flag and the "last seen" words given by `label`. */
export function positionFeatures(list: readonly WorkerPosition[], now: Date, label: (p: WorkerPosition) => string): GeoJSON.FeatureCollection<GeoJSON.Point> {
  return {
    type: 'FeatureCollection',
    features: list
      .filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat))
      .map((p) => ({
        type: 'Feature',
        properties: { userId: p.userId, name: p.name, stale: isStale(p.fixedAt, now), label: label(p) },
        geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      })),
  };
}

/** Milliseconds before the `attempt`-th reconnection (1, 2, 4 … 30 s). */
export function reconnectDelay(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** Math.max(0, Math.min(attempt, 5)));
}

/** Reads one event's JSON as a position, or null when it is not one. */
export function parsePosition(data: string): WorkerPosition | null {
  try {
    const p = JSON.parse(data) as Partial<WorkerPosition>;
    const ok = typeof p.userId === 'number' && typeof p.lon === 'number' && typeof p.lat === 'number' && typeof p.fixedAt === 'string';
    return ok ? (p as WorkerPosition) : null;
  } catch {
    return null;
  }
}
