import type { Sql } from 'postgres';
import { createGrid, createPlan, createUser } from '../../../test/factories.ts';

/** A local plane in metres around a lon/lat origin, written out as WKT in degrees (test data). */
export function plane(lon0: number, lat0: number) {
  const k = Math.cos((lat0 * Math.PI) / 180);
  const at = (x: number, y: number): [number, number] => [lon0 + x / (111_320 * k), lat0 + y / 110_574];
  const pt = (x: number, y: number) => at(x, y).join(' ');
  return {
    at,
    line: (...xy: [number, number][]) => `LINESTRING(${xy.map(([x, y]) => pt(x, y)).join(',')})`,
    rect: (x0: number, y0: number, x1: number, y1: number) =>
      `MULTIPOLYGON(((${pt(x0, y0)},${pt(x1, y0)},${pt(x1, y1)},${pt(x0, y1)},${pt(x0, y0)})))`,
    /** A 10 m square building footprint centred on (x, y). */
    house: (x: number, y: number) => `MULTIPOLYGON(((${pt(x - 5, y - 5)},${pt(x + 5, y - 5)},${pt(x + 5, y + 5)},${pt(x - 5, y + 5)},${pt(x - 5, y - 5)})))`,
  };
}

export type Plane = ReturnType<typeof plane>;

/** Roads of a region, each a name, a class and a WKT line. */
export async function insertRoads(sql: Sql, regionCode: string, roads: [string, string, string][]) {
  for (const [name, cls, wkt] of roads) {
    await sql`insert into road (region_code, name, class, geom) values (${regionCode}, ${name}, ${cls}, ST_GeomFromText(${wkt}, 4326))`;
  }
}

/** A building (no households) with a footprint; answers its id. */
export async function insertBuilding(sql: Sql, regionCode: string, wkt: string, name: string | null = null) {
  const [b] = await sql`insert into building (region_code, name, geom) values (${regionCode}, ${name}, ST_GeomFromText(${wkt}, 4326)) returning id`;
  return Number(b!.id);
}

/** A published grid (in force since 2025) of the community, and a grid leader of it. */
export async function gridWithLeader(sql: Sql, place: { communityId: number; communityCode: string; regionCode: string; planId?: number }, wkt: string, seqNo: number) {
  const planId = place.planId ?? (await createPlan(sql, { jurisdictionId: place.communityId, regionCode: place.regionCode }));
  const grid = await createGrid(sql, { planId, communityId: place.communityId, communityCode: place.communityCode, regionCode: place.regionCode, wkt, seqNo });
  const leader = await createUser(sql, { grants: [{ role: 'grid_leader', gridCodes: [grid.code] }] });
  return { planId, grid, leader };
}

/** Puts a worker's current position (through a web device of theirs) at lon/lat, taken at `at`. */
export async function placeWorker(sql: Sql, userId: number, [lon, lat]: [number, number], at: Date) {
  const [d] = await sql`insert into device (user_id, protocol, identifier) values (${userId}, 'web', ${`web-${userId}`}) returning id`;
  await sql`insert into worker_position (user_id, device_id, fixed_at, geom) values (${userId}, ${d!.id}, ${at}, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326))`;
}
