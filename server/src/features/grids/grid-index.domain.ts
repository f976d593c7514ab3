/**
 * Point → grid in memory (pure): the grids of the plan in force, their boxes in a uniform bucket
 * grid, and an exact point-in-polygon test on the candidates, in the order the SQL lookup breaks
 * ties (newest plan first, then grid id), so the answer is the one PostGIS's ST_Intersects gives:
 * a point on a shared border belongs to the first grid in that order.
 */
import { booleanPointInPolygon } from '@turf/turf';
import type { MultiPolygon } from 'geojson';

/** One grid with what the lookup answers. */
export interface IndexedGrid<T> {
  geom: MultiPolygon;
  value: T;
}

export interface GridIndex<T> {
  /** The first grid (in the order given) that contains or touches the point. */
  at(lon: number, lat: number): T | undefined;
  readonly size: number;
}

type Box = [number, number, number, number];

function boxOf(g: MultiPolygon): Box {
  const b: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const poly of g.coordinates) {
    for (const [x, y] of poly[0] ?? []) {
      if (x! < b[0]) b[0] = x!;
      if (y! < b[1]) b[1] = y!;
      if (x! > b[2]) b[2] = x!;
      if (y! > b[3]) b[3] = y!;
    }
  }
  return b;
}

/** Builds the index; `grids` in the order ties are broken. */
export function buildGridIndex<T>(grids: readonly IndexedGrid<T>[]): GridIndex<T> {
  const boxes = grids.map((g) => boxOf(g.geom));
  const valid = boxes.filter((b) => b[0] <= b[2]);
  if (!valid.length) return { at: () => undefined, size: 0 };
  const extent: Box = [
    Math.min(...valid.map((b) => b[0])), Math.min(...valid.map((b) => b[1])),
    Math.max(...valid.map((b) => b[2])), Math.max(...valid.map((b) => b[3])),
  ];
  // about one bucket per grid: a grid's box then spans a few buckets, a bucket holds a few grids
  const side = Math.max(1, Math.ceil(Math.sqrt(grids.length)));
  const w = (extent[2] - extent[0]) / side || 1;
  const h = (extent[3] - extent[1]) / side || 1;
  const col = (x: number) => Math.min(side - 1, Math.max(0, Math.floor((x - extent[0]) / w)));
  const row = (y: number) => Math.min(side - 1, Math.max(0, Math.floor((y - extent[1]) / h)));
  const buckets: number[][] = Array.from({ length: side * side }, () => []);
  boxes.forEach((b, i) => {
    if (b[0] > b[2]) return;
    for (let r = row(b[1]); r <= row(b[3]); r++) for (let c = col(b[0]); c <= col(b[2]); c++) buckets[r * side + c]!.push(i);
  });
  return {
    size: grids.length,
    at(lon, lat) {
      if (lon < extent[0] || lon > extent[2] || lat < extent[1] || lat > extent[3]) return undefined;
      // indices were pushed in ascending order: the first hit is the first grid in tie order
      for (const i of buckets[row(lat) * side + col(lon)]!) {
        const b = boxes[i]!;
        if (lon < b[0] || lon > b[2] || lat < b[1] || lat > b[3]) continue;
        if (booleanPointInPolygon([lon, lat], grids[i]!.geom)) return grids[i]!.value;
      }
      return undefined;
    },
  };
}
