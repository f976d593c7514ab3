import type { Bbox } from '../api/types.ts';

/** True when the value is a finite, non-inverted [w, s, e, n] box within WGS-84 limits. */
export function isValidBbox(b: unknown): b is Bbox {
  if (!Array.isArray(b) || b.length !== 4 || !b.every((v) => typeof v === 'number' && Number.isFinite(v))) return false;
  const [w, s, e, n] = b as Bbox;
  return w >= -180 && e <= 180 && s >= -90 && n <= 90 && w <= e && s <= n;
}

/** The box as MapLibre's LngLatBoundsLike pair [[w, s], [e, n]]. */
export function toLngLatBounds(b: Bbox): [[number, number], [number, number]] {
  return [[b[0], b[1]], [b[2], b[3]]];
}

/** Grows a box by a fraction of its size on each side (a degenerate box by a fixed margin). */
export function padBbox(b: Bbox, fraction: number, minDegrees = 0.0005): Bbox {
  const dx = Math.max((b[2] - b[0]) * fraction, minDegrees);
  const dy = Math.max((b[3] - b[1]) * fraction, minDegrees);
  return [Math.max(b[0] - dx, -180), Math.max(b[1] - dy, -90), Math.min(b[2] + dx, 180), Math.min(b[3] + dy, 90)];
}

/** The smallest box containing every given box; null for none. */
export function unionBbox(boxes: readonly Bbox[]): Bbox | null {
  if (boxes.length === 0) return null;
  return boxes.reduce<Bbox>(
    (acc, b) => [Math.min(acc[0], b[0]), Math.min(acc[1], b[1]), Math.max(acc[2], b[2]), Math.max(acc[3], b[3])],
    [Infinity, Infinity, -Infinity, -Infinity],
  );
}

/** The centre point [lon, lat] of a box. */
export function bboxCenter(b: Bbox): [number, number] {
  return [(b[0] + b[2]) / 2, (b[1] + b[3]) / 2];
}

/** The share of the map's height the grid panel takes where it is a bottom sheet (grid-panel.css, ≤ 720 px). */
export const SHEET_SHARE = 0.58;

/**
 * Padding that frames a box where it stays visible: 48 px all round, plus the grid panel when it
 * is open (`panelWidth` > 0), beside the map on a wide screen and under the box where it is a
 * bottom sheet (narrow). Never so much that less than a third of the map is left, which MapLibre
 * needs to fit the box at all.
 */
export function framePadding(size: { width: number; height: number }, panelWidth: number, narrow: boolean) {
  const edge = 48;
  const right = narrow ? 0 : panelWidth;
  const bottom = narrow && panelWidth > 0 ? Math.round(size.height * SHEET_SHARE) : 0;
  const fit = (extra: number, total: number) => Math.max(0, Math.min(edge + extra, total * (2 / 3) - edge));
  return { top: edge, left: edge, right: fit(right, size.width), bottom: fit(bottom, size.height) };
}
