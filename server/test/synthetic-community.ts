import type { Sql } from 'postgres';
import { createJurisdictions, square } from './factories.ts';

/** Shape of a synthetic community: `blocks`×`blocks` street blocks of `perBlock` buildings each. */
export interface SyntheticCommunityOptions {
  blocks: number;
  /** Buildings per block, laid out in rows of 5. */
  perBlock: number;
  /** Households per building cycle through 1..maxHouseholds (average about half of it). */
  maxHouseholds: number;
  /** Every n-th block is one walled compound (0: none). */
  compoundEvery?: number;
  lon?: number;
  lat?: number;
}

const BLOCK = 0.0012;

/**
 * A square community on a street grid with rectangular buildings, for tests and benchmarks
 * (20 blocks² × 5 per block = 2,000 buildings; maxHouseholds 9 gives about 10,000 households).
 */
export async function createSyntheticCommunity(sql: Sql, opts: SyntheticCommunityOptions) {
  const lon = opts.lon ?? 120.1;
  const lat = opts.lat ?? 30.2;
  const size = opts.blocks * BLOCK;
  const j = await createJurisdictions(sql, { wkt: square(lon, lat, size) });
  const env = (x0: number, y0: number, x1: number, y1: number) =>
    `MULTIPOLYGON(((${x0} ${y0},${x1} ${y0},${x1} ${y1},${x0} ${y1},${x0} ${y0})))`;
  // streets on every block edge, running a little past the boundary like real roads do
  const roads: string[] = [];
  for (let i = 1; i < opts.blocks; i++) {
    roads.push(`LINESTRING(${lon - 0.0005} ${lat + i * BLOCK},${lon + size + 0.0005} ${lat + i * BLOCK})`);
    roads.push(`LINESTRING(${lon + i * BLOCK} ${lat - 0.0005},${lon + i * BLOCK} ${lat + size + 0.0005})`);
  }
  await sql`
    insert into road (region_code, name, class, geom)
    select ${j.regionCode}, '路' || n, 'residential', ST_GeomFromText(w, 4326)
    from unnest(${roads}::text[]) with ordinality as r(w, n)`;
  const every = opts.compoundEvery ?? 0;
  const rows = Math.ceil(opts.perBlock / 5);
  const [dx, dy] = [(BLOCK - 0.0002) / 5, (BLOCK - 0.0002) / rows];
  const compounds: string[] = [];
  const buildings: { wkt: string; households: number; compound: number }[] = [];
  for (let bx = 0; bx < opts.blocks; bx++) {
    for (let by = 0; by < opts.blocks; by++) {
      const [x, y] = [lon + bx * BLOCK, lat + by * BLOCK];
      const walled = every > 0 && (bx * opts.blocks + by) % every === 0;
      if (walled) compounds.push(env(x + 0.00005, y + 0.00005, x + BLOCK - 0.00005, y + BLOCK - 0.00005));
      for (let n = 0; n < opts.perBlock; n++) {
        const [cx, cy] = [x + 0.0001 + (n % 5) * dx, y + 0.0001 + Math.floor(n / 5) * dy];
        buildings.push({
          wkt: env(cx + dx * 0.15, cy + dy * 0.2, cx + dx * 0.85, cy + dy * 0.8),
          households: 1 + ((bx * 31 + by * 17 + n * 7) % opts.maxHouseholds),
          compound: walled ? compounds.length : 0,
        });
      }
    }
  }
  const compoundIds = (await sql`
    insert into compound (community_id, region_code, name, synthetic, geom)
    select ${j.communityId}, ${j.regionCode}, '小区' || n, true, ST_GeomFromText(w, 4326)
    from unnest(${compounds}::text[]) with ordinality as c(w, n) order by n returning id`).map((r) => Number(r.id));
  await sql`
    insert into building (community_id, compound_id, region_code, kind, households, synthetic, geom)
    select ${j.communityId}, nullif(c, 0), ${j.regionCode}, 'residential', h, true, ST_GeomFromText(w, 4326)
    from unnest(${buildings.map((b) => b.wkt)}::text[], ${buildings.map((b) => b.households)}::int[],
                ${buildings.map((b) => (b.compound ? compoundIds[b.compound - 1]! : 0))}::bigint[]) as b(w, h, c)`;
  return j;
}
